// Common passwords refused (issue 10 §6, data/common-passwords.txt): user
// creation, a password change and `trogiup user add` answer
// weak_password "password is too common" for a listed password in any
// case, with diacritics or spaces, or with digits and punctuation added
// at the end; the user is not created and the old password stays.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'admin', full_name: 'Quản trị', role: 'admin', password: 'admin-pass-123' },
];

const COMMON = ['matkhau123', '123456789a', 'anhyeuem123', 'trogiup2026', 'Password123!', 'QWERTYUIOP',
  '1qaz2wsx3edc', 'Mật khẩu@2026', 'Anh Yêu Em 2024', '11111111111', 'p@ssw0rd2025'];

function assertCommon(r) {
  assertError(r, 422, 'weak_password', 'password');
  assert.equal(r.json.error.message, 'password is too common');
}

describe('common passwords', () => {
  let srv, admin;
  before(async () => {
    srv = await startServer({ users: USERS });
    admin = await loginAs(srv.url, 'admin', 'admin-pass-123');
  });
  after(async () => { await stopChecked(srv); });

  const newUser = (username, password) => ({
    username, full_name: 'Trần Văn Thử', role: 'province', scope_unit: '62', scope_tree: '2024', password,
  });

  it('POST /users refuses every common password and creates no user', async () => {
    for (const [i, pw] of COMMON.entries()) {
      assertCommon(await admin.post('/api/v1/users', newUser(`common${i}`, pw)));
    }
    const list = await admin.get('/api/v1/users?page_size=200');
    assertStatus(list, 200);
    assert.deepEqual(list.json.items.map((u) => u.username), ['admin']);
    // A listed word inside a password of one's own is fine.
    const ok = await admin.post('/api/v1/users', newUser('owner', 'matkhau-cua-toi-o-kon-tum'));
    assertStatus(ok, 201);
  });

  it('PATCH /users/ID refuses a common password and keeps the old one', async () => {
    const list = await admin.get('/api/v1/users?page_size=200');
    const id = list.json.items.find((u) => u.username === 'owner').id;
    for (const pw of ['matkhau2026', 'Trogiup@2026', 'ANHYEUEM123']) {
      assertCommon(await admin.patch(`/api/v1/users/${id}`, { password: pw }));
    }
    await loginAs(srv.url, 'owner', 'matkhau-cua-toi-o-kon-tum');
  });

  it('trogiup user add refuses a common password', () => {
    const r = cli(['user', 'add', '--db', srv.db, '--username', 'clicommon', '--full-name', 'Thử CLI',
      '--role', 'admin'], 'matkhau123\n');
    assert.notEqual(r.status, 0, 'user add accepted matkhau123');
    assert.match(r.stderr, /password is too common/);
  });
});
