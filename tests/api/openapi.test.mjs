// openapi.test.mjs — the served OpenAPI file describes every route of
// src/api/routes.c (method and path), so the document cannot fall behind
// the code.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';

const routes = [...readFileSync('src/api/routes.c', 'utf8')
  .matchAll(/\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)"/g)]
  .map(([, method, pattern]) => ({ method: method.toLowerCase(), path: pattern.replace(/:(\w+)/g, '{$1}') }));

describe('openapi', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('routes.c has routes to compare', () => {
    assert.ok(routes.length >= 15, `found ${routes.length} routes`);
  });

  it('every route of routes.c is in the served document with its method', async () => {
    const r = await fetch(`${srv.url}/api/v1/openapi.json`);
    assert.equal(r.status, 200);
    const doc = await r.json();
    assert.match(doc.openapi, /^3\./);
    const missing = routes.filter(({ method, path }) => !doc.paths?.[path]?.[method]);
    assert.deepEqual(missing, [], 'routes missing from openapi.json');
    for (const { method, path } of routes) {
      const op = doc.paths[path][method];
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${method} ${path} lists responses`);
    }
  });
});
