// `trogiup migrate-store` (issue 9 item 3): a province's SQLite database
// (init + demo: cases of every type, restricted ones, the network, plans,
// budgets, indicators) moved into PostgreSQL serves the same answers — case
// lists and totals, a restricted case's narrative read by its assigned
// user with a reason, the dashboard, the audit log — and new rows get new
// ids (the sequences were moved past the copied ids); every table is
// reported with its rows and checksum and the counts match the target's;
// a target holding data needs --force, a copy that fails mid-way
// (a tampered target) leaves the target exactly as it was, and the
// indexes and foreign keys the copy takes out for the load are back as the
// migrations made them.
//
// PostgreSQL: the run's cluster when TROGIUP_PG names one (tests/api/run-pg),
// else a throwaway cluster of its own (scripts/pg-cluster, ~4 s).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as runCli, BIN, SHARED, WEB_DIST, PG } from '../lib/server.mjs';
import { assertStatus, loginAs } from './helpers.mjs';
import { FACTS, ADULT } from './cases_helpers.mjs';
import { periodsNow } from './indicator_helpers.mjs';

const PASSWORD = 'trogiup-demo-2026';
const P = periodsNow();

function cli(args) {
  const r = runCli(args);
  assert.doesNotMatch(r.stderr ?? '', /AddressSanitizer|LeakSanitizer|runtime error:/, `trogiup ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

function psql(url, sql) {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  return r.stdout.trim();
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// `trogiup serve` on an existing database.
async function serveOn(db, extra = []) {
  const listen = `127.0.0.1:${await freePort()}`;
  const child = spawn(BIN, ['serve', '--db', db, '--listen', listen, '--web', WEB_DIST, ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://${listen}`;
  for (const deadline = Date.now() + 15000; ;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      assert.doesNotMatch(log, /AddressSanitizer|LeakSanitizer|runtime error:/);
      return child.exitCode;
    },
  };
}

// The CLI without blocking the event loop, so a writer keeps writing.
function cliAsync(args) {
  return new Promise((ok) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (status) => ok({ status, stdout, stderr }));
  });
}

// Every item of a paged list.
async function all(client, path) {
  const items = [];
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}page=${page}&page_size=200`);
    assertStatus(r, 200);
    items.push(...r.json.items);
    if (r.json.items.length === 0 || items.length >= r.json.total) return items;
  }
}

// The answer without what depends on the moment it was asked.
const steady = (v) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'overdue_seconds' ? undefined : x)));

// What a failed copy must not change: every table's rows, the marker,
// the sequences and the triggers' states.
function snapshot(url) {
  return [
    psql(url, "SELECT string_agg(table_name || '=' || (xpath('/row/c/text()', query_to_xml("
      + "format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text, ',' ORDER BY table_name)"
      + " FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"),
    psql(url, "SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM settings"),
    psql(url, "SELECT string_agg(sequencename || '=' || coalesce(last_value, 0), ',' ORDER BY sequencename) FROM pg_sequences"),
    psql(url, 'SELECT string_agg(tgname || tgenabled::text, \',\' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal'),
  ];
}

const TABLE_LINE = /^migrate-store: table (\S+) (\d+) rows checksum ([0-9a-f]{16}) ok$/gm;

describe('migrate-store', () => {
  let cluster = null, base, dir, src, moved, second;
  const made = [];
  let copy, casesMax, auditMax, lite, pg;

  // A new, empty database of the cluster (C collation, as pg.c requires).
  function newDatabase(what) {
    const name = `ms_${what}_${process.pid}`;
    psql(`${base}postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    psql(`${base}postgres`, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    made.push(name);
    return `${base}${name}`;
  }

  before(async () => {
    if (PG) {
      base = PG;
    } else {
      cluster = mkdtempSync(join(tmpdir(), 'trogiup-pgc-'));
      const r = spawnSync('scripts/pg-cluster', ['start', cluster],
        { encoding: 'utf8', env: { ...process.env, PG_FAST: '1' } });
      if (r.status !== 0) throw new Error(`pg-cluster: ${r.stderr}`);
      base = r.stdout.trim();
    }
    dir = mkdtempSync(join(tmpdir(), 'trogiup-ms-'));
    src = join(dir, 'province.db');
    const init = cli(['init', '--db', src, '--units', join(SHARED, 'data/units-2024.csv'),
      '--units', join(SHARED, 'data/units-2025.csv')]);
    assert.equal(init.status, 0, init.stderr);
    const demo = cli(['demo', '--db', src]);
    assert.equal(demo.status, 0, demo.stderr);
    moved = newDatabase('moved');
    copy = cli(['migrate-store', '--from', src, '--to', moved]);
    assert.equal(copy.status, 0, copy.stderr);
    casesMax = Number(psql(moved, 'SELECT max(id) FROM cases'));
    auditMax = Number(psql(moved, 'SELECT max(id) FROM audit_log'));
    lite = await serveOn(src);
    pg = await serveOn(moved, ['--key-file', `${src}.key`]);
  });

  after(async () => {
    for (const s of [lite, pg]) if (s) assert.equal(await s.stop(), 0);
    if (base) for (const name of made) psql(`${base}postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (cluster) spawnSync('scripts/pg-cluster', ['stop', cluster]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports every table with its rows and checksum, and the target holds those rows', () => {
    const tables = [...copy.stdout.matchAll(TABLE_LINE)].map((m) => ({ name: m[1], rows: Number(m[2]) }));
    assert.ok(tables.length >= 40, copy.stdout);
    const names = tables.map((t) => t.name);
    for (const t of ['cases', 'case_events', 'audit_log', 'facilities', 'placements', 'plans', 'budget_cells',
      'aggregate_values', 'indicator_case_sums', 'units', 'users', 'settings']) {
      assert.ok(names.includes(t), `${t} reported`);
    }
    assert.ok(!names.includes('schema_version'));
    // Parents before children: the foreign keys were satisfied as it loaded.
    assert.ok(names.indexOf('persons') < names.indexOf('cases'));
    assert.ok(names.indexOf('cases') < names.indexOf('case_events'));
    for (const t of tables) {
      assert.equal(Number(psql(moved, `SELECT count(*) FROM ${t.name}`)), t.rows, t.name);
    }
    assert.ok(tables.find((t) => t.name === 'cases').rows > 400);
    assert.match(copy.stdout, /rows copied and verified/);
    assert.match(copy.stdout, new RegExp(`key that opens them \\(${src}\\.key\\) is not in the database`));
    assert.equal(psql(moved, "SELECT value FROM settings WHERE key = 'seal_key_file'"), `${src}.key`);
    // The append-only guards are on again.
    assert.throws(() => psql(moved, 'DELETE FROM audit_log WHERE id = 1'), /append-only/);
  });

  it('serves the same case lists and totals', async () => {
    for (const who of ['sokontum', 'sothaibinh', 'tamduong', 'xadakto', 'coso.kontum']) {
      const a = await loginAs(lite.url, who, PASSWORD);
      const b = await loginAs(pg.url, who, PASSWORD);
      for (const q of ['', '?type=gbv', '?stage=closed', '?overdue=true', '?q=nguyen']) {
        const x = await a.get(`/api/v1/cases${q}${q ? '&' : '?'}page_size=200`);
        const y = await b.get(`/api/v1/cases${q}${q ? '&' : '?'}page_size=200`);
        assertStatus(x, 200);
        assertStatus(y, 200);
        assert.deepEqual(steady(y.json), steady(x.json), `${who} ${q}`);
      }
    }
  });

  it('opens a restricted narrative for its assigned user, sealed in the database', async () => {
    const a = await loginAs(lite.url, 'sokontum', PASSWORD);
    const b = await loginAs(pg.url, 'sokontum', PASSWORD);
    const me = (await b.get('/api/v1/me')).json;
    const mine = (await all(b, '/api/v1/cases')).filter((c) => c.restricted && c.assigned_to === me.id && c.identity_hidden);
    assert.ok(mine.length > 0, 'the demo has restricted cases assigned to sokontum');
    for (const c of mine.slice(0, 3)) {
      const x = await a.get(`/api/v1/cases/${c.id}?reason=case_work`);
      const y = await b.get(`/api/v1/cases/${c.id}?reason=case_work`);
      assertStatus(y, 200);
      assert.equal(y.json.identity_hidden, false);
      assert.deepEqual(steady(y.json), steady(x.json));
      if (y.json.summary) {
        const stored = psql(moved, `SELECT summary FROM cases WHERE id = ${c.id}`);
        assert.ok(!stored.includes(y.json.summary), 'the narrative is stored sealed');
      }
    }
  });

  it('serves the same dashboard numbers', async () => {
    for (const [who, unit] of [['sokontum', '62'], ['sothaibinh', '34'], ['tamduong', null]]) {
      const a = await loginAs(lite.url, who, PASSWORD);
      const b = await loginAs(pg.url, who, PASSWORD);
      for (const period of ['2019', '2020', P.YEAR, P.MONTH]) {
        const q = new URLSearchParams({ period, ...(unit ? { unit } : {}) });
        const x = await a.get(`/api/v1/dashboard?${q}`);
        const y = await b.get(`/api/v1/dashboard?${q}`);
        assertStatus(x, 200);
        assertStatus(y, 200);
        assert.deepEqual(y.json, x.json, `${who} ${q}`);
      }
    }
  });

  it('keeps the audit log as it was', async () => {
    const a = await loginAs(lite.url, 'kiemtoan', PASSWORD);
    const b = await loginAs(pg.url, 'kiemtoan', PASSWORD);
    const before = (items) => items.filter((e) => e.id <= auditMax);
    const x = before(await all(a, '/api/v1/audit'));
    const y = before(await all(b, '/api/v1/audit'));
    assert.ok(y.length > 2000, 'the demo wrote thousands of entries');
    assert.equal(y.length, Number(psql(moved, `SELECT count(*) FROM audit_log WHERE id <= ${auditMax}`)));
    assert.deepEqual(y, x);
  });

  it('gives new rows fresh ids', async () => {
    const b = await loginAs(pg.url, 'xadakto', PASSWORD);
    const r = await b.post('/api/v1/cases', {
      type: 'child_protection', unit_code: '23401', person: ADULT, details: FACTS.child_protection,
    });
    assertStatus(r, 201);
    assert.equal(r.json.id, casesMax + 1);
    assertStatus(await b.get(`/api/v1/cases/${r.json.id}`), 200);
    const audit = await all(await loginAs(pg.url, 'kiemtoan', PASSWORD), '/api/v1/audit');
    assert.ok(audit.some((e) => e.id > auditMax && e.target === `case:${r.json.id}`), 'its audit entry');
  });

  it('needs --force for a target that holds data', () => {
    second = newDatabase('second');
    assert.equal(cli(['migrate-store', '--from', src, '--to', second]).status, 0);
    psql(second, "INSERT INTO settings (key, value) VALUES ('marker', 'kept')");
    const before = snapshot(second);
    const refused = cli(['migrate-store', '--from', src, '--to', second]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /already holds data.*--force/);
    assert.deepEqual(snapshot(second), before);
    const forced = cli(['migrate-store', '--from', src, '--to', second, '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(psql(second, "SELECT count(*) FROM settings WHERE key = 'marker'"), '0', 'replaced');
  });

  it('leaves the target as it was when the copy fails mid-way', () => {
    psql(second, "INSERT INTO settings (key, value) VALUES ('marker', 'kept')");
    // Accepts the rows it holds, refuses any loaded again: the copy fails
    // at cases, after the tables before it were emptied and loaded.
    psql(second, 'ALTER TABLE cases ADD CONSTRAINT tampered CHECK (id < 0) NOT VALID');
    const before = snapshot(second);
    const r = cli(['migrate-store', '--from', src, '--to', second, '--force']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot load table cases: 23514 .*tampered/);
    assert.match(r.stderr, /the target is unchanged/);
    assert.deepEqual(snapshot(second), before);
    assert.equal(psql(second, "SELECT value FROM settings WHERE key = 'marker'"), 'kept');
  });

  it('puts back exactly the indexes and foreign keys of the schema, after a copy and after a failed one', () => {
    // The copy drops the secondary indexes and foreign keys for the load
    // and re-creates them: the result must be what the migrations make.
    const fresh = newDatabase('fresh');
    const init = cli(['init', '--db', fresh, '--key-file', join(dir, 'fresh.key'),
      '--units', join(SHARED, 'data/units-2024.csv')]);
    assert.equal(init.status, 0, init.stderr);
    const indexes = (url) => psql(url, "SELECT string_agg(tablename || ' ' || indexdef, E'\\n' ORDER BY tablename, indexname)"
      + " FROM pg_indexes WHERE schemaname = 'public'");
    const keys = (url) => psql(url, "SELECT string_agg(format('%s %s %s %s %s', c.conrelid::regclass, c.conname, c.contype,"
      + " c.convalidated, pg_get_constraintdef(c.oid)), E'\\n' ORDER BY c.conrelid::regclass::text, c.conname)"
      + " FROM pg_constraint c WHERE c.connamespace = 'public'::regnamespace AND c.conname <> 'tampered'");
    const want = indexes(fresh);
    assert.ok(want.split('\n').length > 60, want);
    assert.match(want, /CREATE INDEX \S+ ON public\.case_events /);
    assert.match(keys(fresh), / f t FOREIGN KEY .* REFERENCES cases\(id\)/);
    // `moved` as copied; `second` after a --force copy, then a failed one.
    for (const url of [moved, second]) {
      assert.equal(indexes(url), want, url);
      assert.equal(keys(url), keys(fresh), url);
    }
  });

  it('refuses a copy while a server writes to the source, and the target stays empty', async () => {
    const busy = newDatabase('busy');
    const a = await loginAs(lite.url, 'sokontum', PASSWORD);
    const restricted = (await all(a, '/api/v1/cases')).find((c) => c.restricted && c.identity_hidden);
    let done = false, writes = 0;
    const copying = cliAsync(['migrate-store', '--from', src, '--to', busy]).then((r) => { done = true; return r; });
    // Each read of a restricted case with a reason is an audit entry.
    while (!done) {
      assertStatus(await a.get(`/api/v1/cases/${restricted.id}?reason=case_work`), 200);
      writes++;
    }
    const r = await copying;
    assert.ok(writes > 5, `${writes} writes`);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /the source was written to during the copy/);
    assert.equal(psql(busy, 'SELECT count(*) FROM users'), '0');
    assert.equal(psql(busy, 'SELECT count(*) FROM cases'), '0');
  });

  it('refuses a target that is not PostgreSQL and a source that is not a trogiup database', () => {
    assert.equal(cli(['migrate-store', '--from', src, '--to', join(dir, 'other.db')]).status, 1);
    assert.equal(cli(['migrate-store', '--from', src]).status, 2);
    const r = cli(['migrate-store', '--from', `${src}.key`, '--to', second, '--force']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not a trogiup database|cannot open/);
  });
});
