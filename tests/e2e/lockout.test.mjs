// Browser test of the login lockout on the users page (issue 10 §6): after
// five wrong passwords a user shows "Tạm khoá đến …" to an admin, whose
// "Mở khoá" lifts it; the user then logs in.  Screenshot:
// build/e2e-lockout.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, Client } from '../lib/server.mjs';
import { launch, openPage, SHOTS } from './browser.mjs';

const ADMIN = { username: 'quantri', full_name: 'Lê Minh Quản', role: 'admin', password: 'Quan-Tri-Quoc-Gia-1' };
const LOCKED = { username: 'canbo62', full_name: 'Trần Thị Cán', role: 'province', scope: '62', password: 'Can-Bo-Kon-Tum-33' };

let server, browser, page, problems;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ users: [ADMIN, LOCKED] });
  browser = await launch();
  ({ page, problems } = await openPage(browser, (status) => status === 401));
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await server?.stop();
  }
});

const byId = (id) => page.getByTestId(id);

test('an admin sees a locked-out user and unlocks them', async () => {
  const c = new Client(server.url);
  for (let i = 0; i < 5; i++) assert.equal((await c.login(LOCKED.username, `sai-mat-khau-${i}x`)).status, 401);
  assert.equal((await c.login(LOCKED.username, LOCKED.password)).status, 429);

  await page.goto(server.url + '/');
  await byId('login-page').waitFor();
  await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
  await page.getByLabel('Mật khẩu').fill(ADMIN.password);
  await byId('login-submit').click();
  await byId('nav-users').click();
  await byId('user-list').waitFor();
  const locked = byId(`user-locked-${LOCKED.username}`);
  await locked.waitFor();
  assert.match(await locked.innerText(), /Tạm khoá đến \d/);
  assert.equal(await byId(`user-locked-${ADMIN.username}`).count(), 0);
  const button = byId(`user-unlock-${LOCKED.username}`);
  assert.equal((await button.innerText()).trim(), 'Mở khoá');
  await page.screenshot({ path: `${SHOTS}/e2e-lockout.png`, fullPage: true });
  await button.click();
  await locked.waitFor({ state: 'detached' });
  assert.equal((await c.login(LOCKED.username, LOCKED.password)).status, 200);
  assert.deepEqual(problems, []);
});
