// Several trogiup processes on one database serve one user's session
// interchangeably (issue 9: sessions live in the store, so any process
// behind the reverse proxy may answer any request — docs/scaling.md).
// Process A logs the user in; B and C, started on the same database, read
// and write with A's cookie and CSRF token (a wrong token is refused by
// any of them); a logout through C ends the session everywhere.  Runs on
// SQLite (processes sharing one WAL file)
// and, in the PostgreSQL run, on one PostgreSQL database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { startServer, BIN, WEB_DIST, Client, PG } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, sleep, stopChecked } from './helpers.mjs';

const USER = { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-123' };

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

// One more `serve` on db, stopped by the returned stop().
async function another(db) {
  const listen = `127.0.0.1:${await freePort()}`;
  const child = spawn(BIN, ['serve', '--db', db, '--listen', listen, '--web', WEB_DIST],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://${listen}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log}`);
    await sleep(20);
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      assert.doesNotMatch(log, /AddressSanitizer|LeakSanitizer|runtime error:/, log.slice(-2000));
      assert.equal(child.exitCode, 0, `exit code; log:\n${log.slice(-2000)}`);
    },
  };
}

// c's session (cookie and CSRF token) presented to another process.
function sameSession(c, url) {
  const d = new Client(url);
  d.cookie = c.cookie;
  d.csrf = c.csrf;
  return d;
}

describe(`one session across processes (${PG ? 'PostgreSQL' : 'SQLite'})`, () => {
  let a, b, c;

  before(async () => {
    a = await startServer({ users: [USER] });
    b = await another(a.db);
    c = await another(a.db);
  });

  after(async () => {
    if (b) await b.stop();
    if (c) await c.stop();
    await stopChecked(a);
  });

  it('a session made by one process reads and writes through the others', async () => {
    const onA = await loginAs(a.url, USER.username, USER.password);
    const onB = sameSession(onA, b.url);
    const onC = sameSession(onA, c.url);
    for (const x of [onA, onB, onC]) {
      const me = await x.get('/api/v1/me');
      assertStatus(me, 200);
      assert.equal(me.json.username, USER.username);
    }
    const made = await onB.post('/api/v1/cases', {
      type: 'social_assistance', unit_code: '23401',
      person: { full_name: 'Y Đa Liên', sex: 'female', birth_year: 1950 },
    });
    assertStatus(made, 201);
    const read = await onC.get(`/api/v1/cases/${made.json.id}`);
    assertStatus(read, 200);
    assert.equal(read.json.id, made.json.id);
    const listed = await onA.get('/api/v1/cases');
    assertStatus(listed, 200);
    assert.deepEqual(listed.json.items.map((x) => x.id), [made.json.id]);
    // The CSRF token is the session's, whichever process checks it.
    const forged = sameSession(onA, c.url);
    forged.csrf = 'not-the-token';
    assertError(await forged.post('/api/v1/cases', {
      type: 'social_assistance', unit_code: '23401',
      person: { full_name: 'Không được', sex: 'male', birth_year: 1960 },
    }), 403, 'csrf');
  });

  it('logging out through one process ends the session on every other', async () => {
    const onA = await loginAs(a.url, USER.username, USER.password);
    const onC = sameSession(onA, c.url);
    assertStatus(await onC.post('/api/v1/auth/logout', {}), 204);
    assertError(await onA.get('/api/v1/me'), 401, 'unauthenticated');
    assertError(await sameSession(onA, b.url).get('/api/v1/me'), 401, 'unauthenticated');
  });
});
