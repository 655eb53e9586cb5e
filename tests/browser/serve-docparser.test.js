// API Platform's own documentation parser (@api-platform/api-doc-parser,
// the admin's) reads wine-serve's entrypoint, Link header, contexts and
// Hydra documentation and finds the three resources with their fields,
// operations and filters, as it did against API Platform.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness');

h.run('serve-docparser', async () => {
  const { parseHydraDocumentation } = await import('@api-platform/api-doc-parser');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-docparser-'));
  const db = path.join(dir, 'data.db');
  execFileSync('wine-db', ['-q', '-d', db, 'schema', 'create']);
  execFileSync('wine-db', ['-q', '-d', db, 'load',
    path.join(__dirname, '../cli/wine-serve/fixture.yaml')]);
  const port = await h.freePort();
  const server = await h.startServer('wine-serve', [
    `--listen=127.0.0.1:${port}`, `--database-url=${db}`,
    `--media-dir=${path.join(dir, 'media')}`, '--quiet'], port);
  try {
    const { api } = await parseHydraDocumentation(`http://127.0.0.1:${port}/api`);
    const got = Object.fromEntries(api.resources.map((r) => [r.name, {
      title: r.title,
      url: r.url,
      fields: r.fields.map((f) => `${f.name}${f.required ? '*' : ''}`).join(','),
      ops: r.operations.map((o) => `${o.type}:${o.method}`).join(','),
    }]));
    const want = {
      comments: { title: 'Comment', fields: 'text*,createdAt,wine*',
        ops: 'list:GET,create:POST,show:GET,edit:PUT,edit:PATCH,delete:DELETE' },
      media_objects: { title: 'MediaObject', fields: 'contentUrl', ops: 'list:GET,create:POST,show:GET' },
      wines: { title: 'Wine', fields: 'name*,description*,stock*,price*,comments,image',
        ops: 'list:GET,create:POST,show:GET,edit:PUT,edit:PATCH,delete:DELETE' },
    };
    h.assert(Object.keys(got).sort().join() === Object.keys(want).join(),
      `resources: ${Object.keys(got)}`);
    for (const [name, w] of Object.entries(want)) {
      for (const k of Object.keys(w)) {
        h.assert(got[name][k] === w[k], `${name}.${k}: ${got[name][k]} != ${w[k]}`);
      }
      h.assert(got[name].url === `http://127.0.0.1:${port}/api/${name}`, `${name} url ${got[name].url}`);
    }
    const wines = api.resources.find((r) => r.name === 'wines');
    const stock = wines.fields.find((f) => f.name === 'stock');
    h.assert(stock.range === 'http://www.w3.org/2001/XMLSchema#integer', `stock range ${stock.range}`);
    const image = wines.fields.find((f) => f.name === 'image');
    h.assert(image.maxCardinality === 1, 'image is to-one');
    const params = (await wines.getParameters()).map((p) => p.variable);
    for (const v of ['name', 'name[exact]', 'order[price]', 'stock[gte]', 'price[between]']) {
      h.assert(params.includes(v), `filter ${v} in ${params}`);
    }
  } finally {
    h.stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
