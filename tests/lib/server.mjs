// tests/lib/server.mjs — starts the real trogiup binary for API and browser
// tests: a temporary directory, a fresh database with the real units, users
// added through the CLI, a free port on 127.0.0.1.  Every test file calls
// startServer() in `before` and stop() in `after`.
//
// The database is a SQLite file in the temporary directory, or, when
// TROGIUP_PG names a PostgreSQL cluster (postgres://user@host:port/, see
// tests/api/run-pg), a new database copied from TROGIUP_PG_TEMPLATE (one
// `trogiup init` with the units, made once per run) and dropped by stop().
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export const BIN = process.env.TROGIUP_BIN || resolve('build/trogiup');
export const SHARED = process.env.TROGIUP_SHARED || resolve('../shared');
export const WEB_DIST = resolve('web/dist');

// Runs the CLI synchronously; returns {status, stdout, stderr}.
export function cli(args, input) {
  const r = spawnSync(BIN, args, { input: input ?? '', encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const PG = process.env.TROGIUP_PG || '';
export const PG_TEMPLATE = process.env.TROGIUP_PG_TEMPLATE || '';
let pgSerial = 0;

// Runs one SQL command on the cluster's maintenance database.
function psql(sql) {
  const r = spawnSync('psql', [`${PG}postgres`, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  return r.stdout;
}

// A fresh PostgreSQL database holding what `init` with both unit trees
// makes; returns its URL.
function pgDatabase() {
  const name = `t_${process.pid}_${++pgSerial}`;
  psql(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
  return { name, url: `${PG}${name}` };
}

function pgDrop(name) {
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

// A fresh database with both unit trees for a test that runs `serve`
// itself (the crash and deadline tests): a SQLite file in dir, or a copy
// of the PostgreSQL template.  drop() removes a PostgreSQL one; dir holds
// the SQLite file.
export function freshDatabase(dir) {
  if (PG) {
    const { name, url } = pgDatabase();
    return { db: url, drop: () => pgDrop(name) };
  }
  const db = join(dir, 'test.db');
  const init = cli(['init', '--db', db,
    '--units', join(SHARED, 'data/units-2024.csv'),
    '--units', join(SHARED, 'data/units-2025.csv')]);
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
  return { db, drop: () => {} };
}

// Skips a test on PostgreSQL with the reason (node:test's skip option).
export const sqliteOnly = (why) => (PG ? `SQLite only: ${why}` : false);

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

// Options: users: [{username, full_name, role, scope, password}],
// serveArgs: extra flags for `serve`, units: false to skip unit files
// other than the defaults.  Returns {url, db, dir, stop(), cli}.
export async function startServer(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'trogiup-test-'));
  const { db, drop } = freshDatabase(dir);
  for (const u of opts.users ?? []) {
    const args = ['user', 'add', '--db', db, '--username', u.username,
      '--full-name', u.full_name ?? u.username, '--role', u.role];
    if (u.scope) args.push('--scope', u.scope);
    const r = cli(args, `${u.password}\n`);
    if (r.status !== 0) throw new Error(`user add ${u.username}: ${r.stderr}`);
  }
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--db', db, '--listen', listen,
    '--web', WEB_DIST, ...(opts.serveArgs ?? [])],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://${listen}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url, db, dir, child,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
      drop();
      // TROGIUP_TEST_LOG=FILE collects every server's log, to read the
      // store's errors behind a 500.
      if (process.env.TROGIUP_TEST_LOG) {
        appendFileSync(process.env.TROGIUP_TEST_LOG, `== ${process.argv[1] ?? ''} ${db}\n${log}`);
      }
      // A clean stop exits 0; under ASan a leak or a memory error makes
      // it non-zero, and every suite must notice that.
      if (child.exitCode !== 0 && !opts.allowDirtyExit) {
        throw new Error(`server exited with ${child.exitCode} (signal ${child.signalCode}):\n${log.slice(-4000)}`);
      }
      return child.exitCode;
    },
  };
}

// A tiny cookie-keeping client: login() stores the session cookie and the
// CSRF token and sends both on later requests.
export class Client {
  constructor(url) { this.url = url; this.cookie = null; this.csrf = null; this.bearer = null; }
  async req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      if (!h['content-type']) h['content-type'] = 'application/json';
    }
    const r = await fetch(this.url + path, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: r.status, headers: r.headers, text, json };
  }
  async login(username, password) {
    const r = await this.req('POST', '/api/v1/auth/login', { username, password });
    if (r.status === 200) {
      const sc = r.headers.get('set-cookie');
      this.cookie = sc.split(';')[0];
      this.csrf = r.json.csrf;
    }
    return r;
  }
  get(p, h) { return this.req('GET', p, undefined, h); }
  post(p, b, h) { return this.req('POST', p, b, h); }
  patch(p, b, h) { return this.req('PATCH', p, b, h); }
  del(p, h) { return this.req('DELETE', p, undefined, h); }
}
