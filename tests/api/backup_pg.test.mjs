// Backup and restore of a PostgreSQL database (issue 10 §4): `trogiup
// backup --db postgres://…` wraps pg_dump (one snapshot while the server
// writes), `trogiup restore` wraps pg_restore in one transaction
// (src/cli/backup_pg.c).  The restored database equals the source table by
// table, row by row; restricted narratives stay sealed in the archive; a
// target holding data needs --force; a broken archive changes nothing.
// Runs in the PostgreSQL run (tests/api/run-pg); the SQLite file backup is
// tests/api/backup.test.mjs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, BIN, PG } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS, asBytes, sql } from './cases_helpers.mjs';

const USERS = [
  { username: 'kcomm', full_name: 'Cán bộ TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
];
const SECRET = 'mã-sao-lưu-pg-kín';
const CHILD = { full_name: 'Lê Thị Hoa Mai', sex: 'female', birth_date: '2014-05-06' };

function psql(query) {
  const r = spawnSync('psql', [`${PG}postgres`, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function cliAsync(args) {
  return new Promise((ok) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (status) => ok({ status, stdout, stderr }));
  });
}

// Every table of db with its row count and a digest of its rows.
function tables(db) {
  const names = sql(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    .trim().split('\n');
  const digests = sql(db, names.map((t) =>
    `SELECT '${t}', count(*) || ' ' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM "${t}" x`)
    .join(' UNION ALL ')).trim().split('\n');
  return Object.fromEntries(digests.map((l) => l.split('|')));
}

describe('PostgreSQL backup and restore', { skip: PG ? false : 'PostgreSQL only: run by tests/api/run-pg (the SQLite file backup is backup.test.mjs)' }, () => {
  let srv, kcomm, dir, target;
  const names = [];

  const newDatabase = () => {
    const name = `r_${process.pid}_${names.length}`;
    psql(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    names.push(name);
    return `${PG}${name}`;
  };
  const newCase = () => kcomm.post('/api/v1/cases', {
    type: 'child_protection', unit_code: '23401', person: CHILD, details: FACTS.child_protection,
  });

  before(async () => {
    srv = await startServer({ users: USERS });
    kcomm = await loginAs(srv.url, 'kcomm', 'kcomm-pass-1');
    dir = mkdtempSync(join(tmpdir(), 'trogiup-backup-pg-'));
    const r = await kcomm.post('/api/v1/cases', {
      type: 'gbv', unit_code: '23401', details: FACTS.gbv, summary: `Tóm tắt ${SECRET}`,
      person: { full_name: 'Trần Thị Sao', sex: 'female', birth_year: 1990 },
    });
    assertStatus(r, 201);
    assert.equal(r.json.restricted, true);
    target = newDatabase();
  });
  after(async () => {
    await stopChecked(srv);
    for (const n of names) psql(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('dumps while the server writes, restores into an empty database equal table by table', async () => {
    let writing = true, written = 0;
    const writer = async () => {
      while (writing) {
        assertStatus(await newCase(), 201);
        written++;
      }
    };
    const writers = [writer(), writer()];
    await new Promise((r) => setTimeout(r, 100));
    const b = await cliAsync(['backup', '--db', srv.db, '--to', join(dir, 'a.dump')]);
    writing = false;
    await Promise.all(writers);
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /NOT in it/, 'the output says the key is not in the backup');
    assert.ok(written > 0, 'writes went on during the backup');

    // The archive as SQL text: sealed, never the narrative in clear.
    const text = spawnSync('pg_restore', ['--file', '-', join(dir, 'a.dump')], { maxBuffer: 1 << 30 });
    assert.equal(text.status, 0, String(text.stderr));
    const dump = text.stdout.toString('latin1');
    assert.ok(!dump.includes(asBytes(SECRET)), 'no clear narrative in the archive');
    assert.match(dump, /sealed:v1:/);

    const r = cli(['restore', '--from', join(dir, 'a.dump'), '--db', target]);
    assert.equal(r.status, 0, r.stderr);
    // The source moved on after the dump: compare with a second, quiet dump.
    const q = cli(['backup', '--db', srv.db, '--to', join(dir, 'b.dump')]);
    assert.equal(q.status, 0, q.stderr);
    const again = newDatabase();
    assert.equal(cli(['restore', '--from', join(dir, 'b.dump'), '--db', again]).status, 0);
    const want = tables(srv.db), got = tables(again);
    assert.ok(Object.keys(want).length > 40, `${Object.keys(want).length} tables`);
    assert.deepEqual(got, want);
    // The first restore holds every case acknowledged before the dump.
    const cases = Number(sql(target, 'SELECT count(*) FROM cases').trim());
    assert.ok(cases >= 1 && cases <= 1 + written, `${cases} cases restored`);
  });

  it('refuses a target holding data without --force, replaces it with --force', () => {
    const r = cli(['restore', '--from', join(dir, 'b.dump'), '--db', target]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--force/);
    const f = cli(['restore', '--from', join(dir, 'b.dump'), '--db', target, '--force']);
    assert.equal(f.status, 0, f.stderr);
    assert.deepEqual(tables(target), tables(srv.db.replace(/[^/]+$/, names[1])));
  });

  it('a file that is not an archive changes nothing', () => {
    const before = tables(target);
    writeFileSync(join(dir, 'bad.dump'), 'PGDMP not really');
    const r = cli(['restore', '--from', join(dir, 'bad.dump'), '--db', target, '--force']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unchanged/);
    assert.deepEqual(tables(target), before);
  });
});
