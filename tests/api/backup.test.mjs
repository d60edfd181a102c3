// `trogiup backup` and `trogiup restore` (issue 10 item 4): a backup taken
// while the server serves and writes is one consistent snapshot that holds
// every write acknowledged before it began; restore compares every table
// row by row and the restored database serves the same data, the
// restricted narrative readable again with the key put beside it; the
// narrative is not in the backup in clear; restore refuses to overwrite
// without --force, a database in use, and a file that is not a sound
// trogiup database, leaving the old database as it was.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync, existsSync, rmSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli as runCli, BIN, WEB_DIST, sqliteOnly } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS, asBytes, haveSqlite3 } from './cases_helpers.mjs';

const USERS = [
  { username: 'admin', role: 'admin', password: 'admin-pass-123' },
  { username: 'kcomm', full_name: 'Cán bộ TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
];
const SECRET = 'mã-sao-lưu-kín';
const CHILD = { full_name: 'Lê Thị Hoa Mai', sex: 'female', birth_date: '2014-05-06' };

function cli(args) {
  const r = runCli(args);
  assert.doesNotMatch(r.stderr ?? '', /AddressSanitizer|LeakSanitizer|runtime error:/, `trogiup ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

// The CLI without blocking the event loop, so the writers keep writing.
function cliAsync(args) {
  return new Promise((ok) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (status) => ok({ status, stdout, stderr }));
  });
}

const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// `trogiup serve` on an existing database; stop() returns the exit code.
async function serveOn(db) {
  const listen = `127.0.0.1:${await freePort()}`;
  const child = spawn(BIN, ['serve', '--db', db, '--listen', listen, '--web', WEB_DIST],
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
    url, log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      return child.exitCode;
    },
  };
}

function assertFails(r, reason, what) {
  assert.notEqual(r.status, 0, `${what}: exit status must be non-zero; stdout=${r.stdout} stderr=${r.stderr}`);
  assert.match(r.stderr, reason, `${what}: reason on stderr`);
}

describe('backup and restore', { skip: sqliteOnly('trogiup backup/restore copy a SQLite file with the online backup API; a PostgreSQL database is backed up with pg_dump (docs/scaling.md)') }, () => {
  let srv, kcomm, dir, restored;
  const backup = () => join(dir, 'trogiup.bak');
  const acknowledged = []; // case ids answered 201 before the backup began
  let secretCase;

  before(async () => {
    srv = await startServer({ users: USERS });
    kcomm = await loginAs(srv.url, 'kcomm', 'kcomm-pass-1');
    dir = mkdtempSync(join(tmpdir(), 'trogiup-backup-'));
    restored = join(dir, 'restored.db');
    const r = await kcomm.post('/api/v1/cases', {
      type: 'gbv', unit_code: '23401', details: FACTS.gbv, summary: `Tóm tắt ${SECRET}`,
      person: { full_name: 'Trần Thị Sao', sex: 'female', birth_year: 1990 },
    });
    assertStatus(r, 201);
    assert.equal(r.json.restricted, true);
    secretCase = r.json.id;
    assertStatus(await kcomm.post(`/api/v1/cases/${secretCase}/events`, { kind: 'note', text: `Ghi chú ${SECRET}` }), 201);
  });
  after(async () => {
    await stopChecked(srv);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const newCase = () => kcomm.post('/api/v1/cases', {
    type: 'child_protection', unit_code: '23401', person: CHILD, details: FACTS.child_protection,
  });

  it('backs up while the server serves and writes; the key is not in it and says so', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await newCase();
      assertStatus(r, 201);
      acknowledged.push(r.json.id);
    }
    let writing = true, written = 0;
    const writer = async () => {
      while (writing) {
        const r = await newCase();
        assertStatus(r, 201);
        written++;
      }
    };
    const writers = [writer(), writer(), writer()];
    await new Promise((r) => setTimeout(r, 100)); // the writers are under way
    const b = await cliAsync(['backup', '--db', srv.db, '--to', backup()]);
    const during = written;
    writing = false;
    await Promise.all(writers);
    assert.equal(b.status, 0, `backup: ${b.stderr}`);
    console.log(`${b.stdout.split('\n')[0]}; ${during} cases written during it`);
    assert.ok(during > 0, 'writes went on while the backup ran');
    assert.match(b.stdout, /schema version \d+/);
    assert.match(b.stdout, /NOT in it/, 'the output says the key is not in the backup');
    assert.ok(b.stdout.includes(`${srv.db}.key`), `the output names the key file: ${b.stdout}`);
    const bytes = readFileSync(backup());
    assert.equal(bytes.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    assert.ok(!bytes.toString('latin1').includes(asBytes(SECRET)), 'the restricted narrative is not in the backup in clear');
    assert.ok(!bytes.toString('latin1').includes(readFileSync(`${srv.db}.key`).toString('latin1')),
      'the key is not in the backup');
    assert.ok(!existsSync(`${backup()}-wal`) && !existsSync(`${backup()}-journal`), 'the backup is one file');
    const again = cli(['backup', '--db', srv.db, '--to', backup()]);
    assertFails(again, /exists/, 'backup over an existing file without --force');
  });

  it('restores into a new path, comparing every table row by row', () => {
    copyFileSync(`${srv.db}.key`, `${restored}.key`); // the key kept elsewhere, put back
    const r = cli(['restore', '--from', backup(), '--db', restored]);
    assert.equal(r.status, 0, `restore: ${r.stderr}`);
    const tables = [...r.stdout.matchAll(/^restore: table (\S+) (\d+) rows ok$/gm)].map((m) => [m[1], Number(m[2])]);
    const names = tables.map((t) => t[0]);
    for (const t of ['audit_log', 'cases', 'case_events', 'schema_version', 'settings', 'units', 'users']) {
      assert.ok(names.includes(t), `restore compared ${t}: ${r.stdout}`);
    }
    const cases = tables.find((t) => t[0] === 'cases')[1];
    assert.ok(cases >= 1 + acknowledged.length, `cases in the backup: ${cases}`);
    assert.match(r.stdout, new RegExp(`seal key .*restored\\.db\\.key`), 'the key beside the restored database is the one it reads');
    if (haveSqlite3()) {
      // An independent check with the sqlite3 shell: same tables, same rows.
      const list = spawnSync('sqlite3', ['-readonly', backup(),
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"], { encoding: 'utf8' });
      assert.deepEqual(names, list.stdout.trim().split('\n'), 'every table was compared');
      for (const t of names) {
        const q = `SELECT * FROM "${t}"`;
        const a = spawnSync('sqlite3', ['-readonly', backup(), q], { encoding: 'utf8', maxBuffer: 1 << 28 });
        const b = spawnSync('sqlite3', ['-readonly', restored, q], { encoding: 'utf8', maxBuffer: 1 << 28 });
        assert.equal(a.status, 0, a.stderr);
        // restore then pointed seal_key_file at the key beside it
        const rows = (x) => x.stdout.split('\n').filter((l) => !l.startsWith('seal_key_file|')).sort().join('\n');
        assert.ok(rows(a) === rows(b), `table ${t} is the same in both files`);
      }
    }
  });

  it('the restored database serves the data, the restricted narrative readable with the key', async () => {
    const s = await serveOn(restored);
    try {
      const c = await loginAs(s.url, 'kcomm', 'kcomm-pass-1');
      for (const id of acknowledged) assertStatus(await c.get(`/api/v1/cases/${id}`), 200);
      const full = await c.get(`/api/v1/cases/${secretCase}?reason=case_work`);
      assertStatus(full, 200);
      assert.equal(full.json.summary, `Tóm tắt ${SECRET}`);
      const h = await c.get(`/api/v1/cases/${secretCase}/history?reason=case_work`);
      assertStatus(h, 200);
      assert.ok(h.text.includes(`Ghi chú ${SECRET}`), 'the sealed note opens with the key');
      assertStatus(await c.post('/api/v1/cases', {
        type: 'child_protection', unit_code: '23401', person: CHILD, details: FACTS.child_protection,
      }), 201);
    } finally {
      assert.equal(await s.stop(), 0, s.log().slice(-2000));
    }
  });

  it('refuses to overwrite an existing database without --force, and one in use even with it', async () => {
    const before = sha(restored);
    assertFails(cli(['restore', '--from', backup(), '--db', restored]), /not empty.*--force/, 'restore without --force');
    assert.equal(sha(restored), before, 'the database is unchanged');
    const s = await serveOn(restored);
    try {
      assertFails(cli(['restore', '--from', backup(), '--db', restored, '--force']), /in use/, 'restore over a served database');
      const c = await loginAs(s.url, 'kcomm', 'kcomm-pass-1');
      assertStatus(await c.get(`/api/v1/cases/${acknowledged[0]}`), 200);
    } finally {
      assert.equal(await s.stop(), 0, s.log().slice(-2000));
    }
    const r = cli(['restore', '--from', backup(), '--db', restored, '--force']);
    assert.equal(r.status, 0, `restore --force on a stopped database: ${r.stderr}`);
  });

  it('refuses a file that is not a sound trogiup database and leaves the old database intact', () => {
    const before = sha(restored);
    const junk = join(dir, 'junk.bak');
    writeFileSync(junk, 'not a database at all\n'.repeat(500));
    assertFails(cli(['restore', '--from', junk, '--db', restored, '--force']), /not a trogiup database/, 'a text file');
    assertFails(cli(['restore', '--from', `${srv.db}.key`, '--db', restored, '--force']), /not a trogiup database/, 'the key file');
    // A backup with pages in the middle overwritten: integrity_check fails.
    const bad = Buffer.from(readFileSync(backup()));
    for (let i = 8 * 4096; i < 40 * 4096; i++) bad[i] = (i * 7919) & 0xff;
    const corrupt = join(dir, 'corrupt.bak');
    writeFileSync(corrupt, bad);
    assertFails(cli(['restore', '--from', corrupt, '--db', restored, '--force']), /integrity_check|malformed|not a trogiup/, 'a corrupt backup');
    assertFails(cli(['restore', '--from', join(dir, 'missing.bak'), '--db', restored, '--force']), /missing\.bak/, 'a missing file');
    assert.equal(sha(restored), before, 'the old database is unchanged');
    assert.deepEqual(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n').filter((f) => /restore-|part-/.test(f)), [],
      'no temporary file is left behind');
  });
});
