// A browser's own EventSource, unmodified, subscribes to mercure-hub and
// receives an update published with a JWT; a private update stays away
// from the anonymous subscriber.
'use strict';
const h = require('./harness');

h.run('hub-eventsource', async () => {
  const port = await h.freePort();
  const key = 'browser-test-secret-0123456789abcdef';
  const hub = await h.startServer('mercure-hub', [
    `--jwt-key=${key}`, `--addr=127.0.0.1:${port}`, '--allow-anonymous',
    '--transport-url=local://?size=100', '--quiet'], port);
  const browser = await h.launch();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    // Subscribe from the page and collect what arrives.
    await page.evaluate(() => {
      window.received = [];
      const url = new URL('/.well-known/mercure', location.href);
      url.searchParams.append('topic', 'https://example.com/wines/{id}');
      window.source = new EventSource(url);
      window.opened = new Promise((resolve) => { window.source.onopen = resolve; });
      window.source.onmessage = (e) => window.received.push(
        { id: e.lastEventId, data: e.data, type: e.type });
    });
    await page.evaluate(() => window.opened);
    const token = h.mint('--key', key, '--publish', '*');
    const post = async (form) => {
      const res = await fetch(`http://127.0.0.1:${port}/.well-known/mercure`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: new URLSearchParams(form),
      });
      h.assert(res.status === 200, `publish answered ${res.status}`);
      return res.text();
    };
    await post({ topic: 'https://example.com/wines/7', data: 'secret', private: 'on' });
    const id = await post({ topic: 'https://example.com/wines/7', data: '{"stock":3}\nline two' });
    await page.waitForFunction(() => window.received.length > 0, null, { timeout: 10000 });
    const got = await page.evaluate(() => window.received);
    h.assert(got.length === 1, `one public event, got ${JSON.stringify(got)}`);
    h.assert(got[0].id === id, `event id ${got[0].id} is the published ${id}`);
    h.assert(got[0].data === '{"stock":3}\nline two', `data kept its lines: ${got[0].data}`);
    h.assert(got[0].type === 'message', 'no event type means "message"');
  } finally {
    await browser.close();
    h.stop(hub);
  }
});
