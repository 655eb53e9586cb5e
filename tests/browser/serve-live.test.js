// The wine page, live: two browsers open it; a stock edited in one shows
// in the other without a reload, with a notification; a change made with
// curl-like fetch (outside any page) shows in both.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness');

h.run('serve-live', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-live-'));
  const db = path.join(dir, 'data.db');
  execFileSync('wine-db', ['-q', '-d', db, 'schema', 'create']);
  execFileSync('wine-db', ['-q', '-d', db, 'load',
    path.join(__dirname, '../cli/wine-serve/fixture.yaml')]);
  const port = await h.freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await h.startServer('wine-serve', [
    `--listen=127.0.0.1:${port}`, `--database-url=${db}`,
    `--media-dir=${path.join(dir, 'media')}`, '--quiet'], port);
  const browser = await h.launch();
  try {
    const [a, b] = [await browser.newPage(), await browser.newPage()];
    const errors = [];
    for (const p of [a, b]) {
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(`${base}/`);
      await p.waitForSelector('[data-wine-id="1"] .stock-value');
      await p.waitForFunction(() => document.querySelector('#live').classList.contains('on'),
        null, { timeout: 10000 });
    }
    h.assert(await a.textContent('[data-wine-id="1"] .stock-value') === '37 in stock',
      'the list shows the stock');
    h.assert(await a.locator('.wine').count() === 4, 'four wines listed');
    await b.evaluate(() => { window.notReloaded = true; });

    // Page A: the details dialog shows the comments, then edit the stock.
    await a.click('[data-wine-id="1"] .name');
    await a.waitForSelector('#details[open] .d-comments li');
    const comments = await a.locator('#details .d-comments li').count();
    h.assert(comments === 2, `two comments in the details, got ${comments}`);
    await a.click('#details .d-edit');
    await a.fill('#edit-stock', '42');
    await a.click('#edit-form button[type=submit]');
    await a.waitForSelector('#edit', { state: 'hidden' });

    // Page B follows without a reload.
    await b.waitForFunction(() => document.querySelector('[data-wine-id="1"] .stock-value')
      .textContent === '42 in stock', null, { timeout: 5000 });
    h.assert(await b.evaluate(() => window.notReloaded === true), 'page B was not reloaded');
    h.assert(await b.textContent('#count') === '1', 'page B counts one notification');
    h.assert(await b.isVisible('#count'), 'the notification count shows');

    // A change from outside any page reaches both; an out-of-stock wine
    // gets the red dot.
    const res = await fetch(`${base}/api/wines/3`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ stock: 0 }),
    });
    h.assert(res.status === 200, `PATCH answered ${res.status}`);
    for (const p of [a, b]) {
      await p.waitForFunction(() => {
        const li = document.querySelector('[data-wine-id="3"]');
        return li.querySelector('.stock-value').textContent === 'Out of stock' &&
          !li.querySelector('.dot').classList.contains('in');
      }, null, { timeout: 5000 });
    }

    // A refused edit shows the API's message and changes nothing.
    await a.click('[data-wine-id="2"] .edit-btn');
    await a.fill('#edit-stock', '-3');
    await a.evaluate(() => document.querySelector('#edit-stock').removeAttribute('min'));
    await a.click('#edit-form button[type=submit]');
    await a.waitForFunction(() => document.querySelector('#edit-error').textContent.includes('positive'),
      null, { timeout: 5000 });
    h.assert(errors.length === 0, `no page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    h.stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
