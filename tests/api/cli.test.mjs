// The command line (API.md §Command line): help, user management on the
// database of a running server, demo, init twice, serve's exit on SIGTERM.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli as runCli, SHARED } from '../lib/server.mjs';
import { raw, assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'root', role: 'admin', password: 'root-pass-123' },  // not 'admin': demo adds one
  { username: 'walker', role: 'province', scope: '62', password: 'walker-pass-1' },
  { username: 'leaver', role: 'province', scope: '62', password: 'leaver-pass-1' },
];
const UNITS = ['--units', join(SHARED, 'data/units-2024.csv'), '--units', join(SHARED, 'data/units-2025.csv')];

// The CLI, failing on any sanitizer report (the suite also runs on the ASan build).
function cli(args, input) {
  const r = runCli(args, input);
  assert.doesNotMatch(r.stderr ?? '', /AddressSanitizer|LeakSanitizer|runtime error:/, `trogiup ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

const login = (url, username, password) =>
  raw(url, 'POST', '/api/v1/auth/login', { body: { username, password } });

function assertFails(r, reason, what) {
  assert.notEqual(r.status, 0, `${what}: exit status must be non-zero; stdout=${r.stdout} stderr=${r.stderr}`);
  assert.ok(r.stderr.trim().length > 0, `${what}: reason on stderr`);
  if (reason) assert.match(r.stderr, reason, `${what}: stderr ${r.stderr}`);
}

describe('cli', () => {
  let srv;
  before(async () => { srv = await startServer({ users: USERS }); });
  after(async () => { await stopChecked(srv); });

  const addArgs = (username, extra = []) =>
    ['user', 'add', '--db', srv.db, '--username', username, '--full-name', 'Tên Người Dùng', ...extra];

  it('--help prints usage on stdout and exits 0', () => {
    const r = cli(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /usage/i);
    for (const c of ['init', 'serve', 'user', 'demo']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`), `mentions ${c}`);
  });

  it('init --help and user add --help print their flags and exit 0', () => {
    const init = cli(['init', '--help']);
    assert.equal(init.status, 0, init.stderr);
    for (const f of ['--db', '--tree', '--units']) assert.ok(init.stdout.includes(f), `init --help mentions ${f}`);
    const add = cli(['user', 'add', '--help']);
    assert.equal(add.status, 0, add.stderr);
    for (const f of ['--db', '--username', '--full-name', '--role', '--scope']) {
      assert.ok(add.stdout.includes(f), `user add --help mentions ${f}`);
    }
  });

  it('an unknown command exits non-zero with a message on stderr', () => {
    const r = cli(['frobnicate']);
    assertFails(r, /frobnicate|unknown|usage/i, 'unknown command');
    assert.equal(r.stdout, '');
    assertFails(cli(['user', 'frobnicate', '--db', srv.db]), /frobnicate|unknown|usage/i, 'unknown user subcommand');
  });

  it('user add refuses a taken name, a weak password, an unknown unit or role', async () => {
    assertFails(cli(addArgs('walker', ['--role', 'province', '--scope', '62']), 'another-pass-1\n'),
      /taken|exists/i, 'taken name');
    assertFails(cli(addArgs('weakling', ['--role', 'province', '--scope', '62']), 'short-pw\n'),
      /password/i, 'weak password');
    assertFails(cli(addArgs('nowhere', ['--role', 'province', '--scope', '99999']), 'nowhere-pass-1\n'),
      /99999|unit|scope/i, 'unknown unit');
    assertFails(cli(addArgs('emperor', ['--role', 'emperor', '--scope', '62']), 'emperor-pass-1\n'),
      /role/i, 'unknown role');
    assertFails(cli(addArgs('nopass', ['--role', 'province', '--scope', '62']), ''), /password/i, 'no password on stdin');
    for (const [u, p] of [['weakling', 'short-pw'], ['nowhere', 'nowhere-pass-1'], ['emperor', 'emperor-pass-1'], ['nopass', 'x']]) {
      assertError(await login(srv.url, u, p), 401, 'invalid_credentials');
    }
    assertStatus(await login(srv.url, 'walker', 'walker-pass-1'), 200);
  });

  it('user add then login works; the scope is the one given', async () => {
    const r = cli(addArgs('fresh', ['--role', 'district', '--scope', '612']), 'fresh-pass-12\n');
    assert.equal(r.status, 0, r.stderr);
    const c = await loginAs(srv.url, 'fresh', 'fresh-pass-12');
    const me = await c.get('/api/v1/me');
    assert.equal(me.json.role, 'district');
    assert.equal(me.json.full_name, 'Tên Người Dùng');
    assert.equal(me.json.scope.code, '612');
  });

  it('user passwd sets a new password read from stdin', async () => {
    const weak = cli(['user', 'passwd', '--db', srv.db, '--username', 'walker'], 'short\n');
    assertFails(weak, /password/i, 'weak password for passwd');
    const r = cli(['user', 'passwd', '--db', srv.db, '--username', 'walker'], 'walker-new-pass-2\n');
    assert.equal(r.status, 0, r.stderr);
    assertError(await login(srv.url, 'walker', 'walker-pass-1'), 401, 'invalid_credentials');
    assertStatus(await login(srv.url, 'walker', 'walker-new-pass-2'), 200);
    assertFails(cli(['user', 'passwd', '--db', srv.db, '--username', 'ghost'], 'ghost-pass-123\n'), /ghost|not found|unknown|no such/i,
      'passwd of an unknown user');
  });

  it('user disable stops logins', async () => {
    assertStatus(await login(srv.url, 'leaver', 'leaver-pass-1'), 200);
    const r = cli(['user', 'disable', '--db', srv.db, '--username', 'leaver']);
    assert.equal(r.status, 0, r.stderr);
    assertError(await login(srv.url, 'leaver', 'leaver-pass-1'), 401);
    assertFails(cli(['user', 'disable', '--db', srv.db, '--username', 'ghost']), /ghost|not found|unknown|no such/i,
      'disable of an unknown user');
  });

  it('demo prints logins that work', async () => {
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.trim().length > 0, 'demo prints the logins');
    // The format is the project's.  Read it as: rows starting with a
    // username and naming a role, each with its password on the row or,
    // shared, on a line that says "password" (or "mật khẩu").  Every row
    // must log in, as a user of that role.
    const ROLES = ['admin', 'province', 'district', 'commune', 'facility', 'hotline', 'viewer', 'auditor'];
    const wordsOf = (line) => line.split(/[\s|,;=]+/).map((w) => w.replace(/^["'`(]+|["'`),:.]+$/g, '')).filter(Boolean);
    const lines = r.stdout.split('\n');
    const shared = lines.filter((l) => /password|mật khẩu/i.test(l))
      .flatMap(wordsOf).filter((w) => w.length >= 10 && !/password/i.test(w));
    const rows = lines.map(wordsOf)
      .filter((w) => w.length >= 2 && /^[a-z0-9][a-z0-9._-]{2,63}$/.test(w[0]) && w.slice(1).some((x) => ROLES.includes(x)));
    assert.ok(rows.length >= 2, `at least two login rows in:\n${r.stdout}`);
    for (const [username, ...rest] of rows) {
      const role = rest.find((x) => ROLES.includes(x));
      const tries = [...new Set([...rest.filter((w) => w.length >= 10), ...shared])].slice(0, 3);
      let ok = null;
      for (const p of tries) {
        const l = await login(srv.url, username, p);
        if (l.status === 200) { ok = l; break; }
      }
      assert.ok(ok, `printed login ${username} works (tried ${tries.join(', ')}); stdout:\n${r.stdout}`);
      assert.equal(ok.json.user.role, role, `${username} has the printed role`);
    }
  });

  it('init on an existing database migrates and keeps its users', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trogiup-cli-'));
    try {
      const db = join(dir, 'x.db');
      const a = cli(['init', '--db', db, ...UNITS]);
      assert.equal(a.status, 0, a.stderr);
      const add = cli(['user', 'add', '--db', db, '--username', 'keeper', '--full-name', 'K', '--role', 'admin'], 'keeper-pass-1\n');
      assert.equal(add.status, 0, add.stderr);
      const b = cli(['init', '--db', db, ...UNITS]);
      assert.equal(b.status, 0, b.stderr);
      const again = cli(['user', 'add', '--db', db, '--username', 'keeper', '--full-name', 'K', '--role', 'admin'], 'keeper-pass-1\n');
      assertFails(again, /taken|exists/i, 'the user survived a second init');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serve exits 0 on SIGTERM', async () => {
    const s = await startServer();
    assertStatus(await raw(s.url, 'GET', '/healthz'), 200);
    const code = await s.stop();
    assert.equal(code, 0, `serve exit code; log:\n${s.log()}`);
  });
});
