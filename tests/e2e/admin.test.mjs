// Browser test of the admin pages: a national admin creates a province user
// scoped to Kon Tum (a weak password first, refused at the field), renames
// and disables them; the disabled user cannot log in; an auditor reads the
// audit log with those entries and the failed login.  Screenshots go to
// build/e2e-users*.png and build/e2e-audit*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, Client } from '../lib/server.mjs';
import { launch, openPage, SHOTS } from './browser.mjs';

const ADMIN = { username: 'quantri', full_name: 'Lê Minh Quản', role: 'admin', password: 'Quan-Tri-Quoc-Gia-1' };
const AUDITOR = { username: 'kiemtoan', full_name: 'Phạm Thu Kiểm', role: 'auditor', password: 'Kiem-Toan-Vien-22' };
const NEW = {
  username: 'so-kontum', full_name: 'Sở LĐTBXH Kon Tum', newName: 'Sở Y tế Kon Tum',
  weak: 'Kontum-12', password: 'Kon-Tum-Tro-Giup-2025',
};

let server, browser, context, page, problems;

// Failures the scenario provokes: refused logins (and /me before login),
// the weak password.
// the weak password, the stale edit (412) and the admin disabling themself (409).
const expected = (status, method, url) =>
  status === 401
  || (status === 422 && method === 'POST' && url.endsWith('/api/v1/users'))
  || ([409, 412].includes(status) && method === 'PATCH' && url.includes('/api/v1/users/'));

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ users: [ADMIN, AUDITOR] });
  browser = await launch();
  ({ context, page, problems } = await openPage(browser, expected));
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await server?.stop();
  }
});

const byId = (id) => page.getByTestId(id);
const text = async (id) => (await byId(id).innerText()).trim();
const waitText = (id, s) => byId(id).filter({ hasText: s }).first().waitFor();
const hash = () => page.evaluate(() => location.hash);
const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

async function logIn(u, password = u.password) {
  await byId('login-page').waitFor();
  await page.getByLabel('Tên đăng nhập').fill(u.username);
  await page.getByLabel('Mật khẩu').fill(password);
  await byId('login-submit').click();
}

async function logOut() {
  await byId('logout').click();
  await byId('login-page').waitFor();
}

test('an admin creates, renames and disables a province user', async () => {
  await page.goto(server.url + '/');
  await logIn(ADMIN);
  await byId('topbar').waitFor();
  assert.equal(await text('user-role'), 'Quản trị');

  // Only admins see the Users tab; auditors' tab is not there.
  assert.equal(await text('nav-users'), 'Người dùng');
  assert.equal(await byId('nav-audit').count(), 0);
  await byId('nav-users').click();
  await byId('user-list').waitFor();
  assert.equal(await hash(), '#/users');
  assert.equal(await byId('nav-users').getAttribute('aria-current'), 'page');
  await byId(`user-row-${ADMIN.username}`).waitFor();
  await byId(`user-row-${AUDITOR.username}`).waitFor();

  // The role filter and the search narrow the list.
  await byId('user-role-filter').selectOption('auditor');
  await page.waitForFunction(() => location.hash.includes('role=auditor'));
  await byId(`user-row-${ADMIN.username}`).waitFor({ state: 'detached' });
  assert.equal(await byId('user-list').locator('tbody tr').count(), 1);
  await byId('user-role-filter').selectOption('');
  await byId('user-search').fill('quản');
  await byId(`user-row-${AUDITOR.username}`).waitFor({ state: 'detached' });
  await byId(`user-row-${ADMIN.username}`).waitFor();
  await byId('user-search').fill('');
  await byId(`user-row-${AUDITOR.username}`).waitFor();

  // New user: a 9-character password is refused at the password field.
  await byId('user-add').click();
  await byId('user-create-form').waitFor();
  assert.equal(await hash(), '#/users/new');
  await page.getByLabel('Tên đăng nhập').fill(NEW.username);
  await page.getByLabel('Họ và tên').fill(NEW.full_name);
  await page.getByLabel('Mật khẩu').fill(NEW.weak);
  await page.getByLabel('Vai trò').selectOption('province');
  await byId('picker-search').fill('kon tum');
  await byId('picker-results').waitFor();
  await page.screenshot({ path: `${SHOTS}/e2e-users-picker.png`, fullPage: true });
  const option = await byId('pick-62').innerText();
  assert.match(option, /Kon Tum/);
  assert.match(option, /Tỉnh/);
  await byId('pick-62').click();
  await waitText('picker-value', 'Kon Tum');
  assert.equal(await byId('picker-results').count(), 0);
  await byId('user-create-submit').click();
  await waitText('new-password-error', 'Mật khẩu quá yếu');
  assert.equal(await page.getByLabel('Mật khẩu').getAttribute('aria-invalid'), 'true');
  assert.equal(await byId('new-username-error').count(), 0);
  await page.screenshot({ path: `${SHOTS}/e2e-users-new.png`, fullPage: true });
  // The error is kept as a code, so switching language translates it.
  await byId('lang-en').click();
  await waitText('new-password-error', 'Password too weak');
  await waitText('user-create-submit', 'Create user');
  await page.screenshot({ path: `${SHOTS}/e2e-users-new-en.png`, fullPage: true });
  await byId('lang-vi').click();
  await waitText('new-password-error', 'Mật khẩu quá yếu');

  // A good password: created, back on the list with a notice.
  await page.getByLabel('Mật khẩu').fill(NEW.password);
  await byId('user-create-submit').click();
  await byId('user-list').waitFor();
  await waitText('users-notice', NEW.username);
  const row = byId(`user-row-${NEW.username}`);
  await row.waitFor();
  const rowText = await row.innerText();
  assert.match(rowText, new RegExp(NEW.full_name));
  assert.match(rowText, /Cấp tỉnh/);
  assert.match(rowText, /Kon Tum/);
  assert.match(rowText, /Hoạt động/);
  // The list is filtered to the new user; clearing the search shows everyone.
  assert.equal(await byId('user-search').inputValue(), NEW.username);
  await byId('user-search').fill('');
  await byId(`user-row-${ADMIN.username}`).waitFor();
  await row.waitFor();
  await page.screenshot({ path: `${SHOTS}/e2e-users.png`, fullPage: true });

  // Edit the full name.
  await byId(`user-edit-${NEW.username}`).click();
  await byId('user-details-form').waitFor();
  assert.match(await hash(), /^#\/users\/\d+$/);
  assert.equal(await text('user-edit-username'), NEW.username);
  assert.equal(await byId('edit-full_name').inputValue(), NEW.full_name);
  await waitText('picker-value', 'Kon Tum');
  await byId('edit-full_name').fill(NEW.newName);
  await byId('user-save').click();
  await waitText('user-notice', 'Đã lưu');
  await waitText('user-edit-heading', NEW.newName);

  // Disable, after a confirmation that can be cancelled.
  await byId('user-toggle-active').click();
  await waitText('user-confirm', NEW.username);
  await byId('user-confirm-no').click();
  await byId('user-confirm').waitFor({ state: 'detached' });
  await byId('user-toggle-active').click();
  await byId('user-confirm-yes').click();
  await waitText('user-notice', 'Đã vô hiệu hoá');
  await waitText('user-edit-status', 'Vô hiệu hoá');
  assert.equal(await text('user-toggle-active'), 'Kích hoạt lại tài khoản');
  await page.screenshot({ path: `${SHOTS}/e2e-users-edit.png`, fullPage: true });

  // The list shows the new name and the disabled state; phone width fits.
  await page.getByRole('link', { name: 'Danh sách người dùng' }).click();
  await byId('user-list').waitFor();
  await waitText(`user-row-${NEW.username}`, NEW.newName);
  assert.match(await byId(`user-row-${NEW.username}`).innerText(), /Vô hiệu hoá/);
  await page.setViewportSize({ width: 360, height: 740 });
  await waitText(`user-row-${NEW.username}`, NEW.newName);
  assert.ok(await pageWidth() <= 360, `users page is ${await pageWidth()}px wide at 360px`);
  await page.screenshot({ path: `${SHOTS}/e2e-users-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });

  await logOut();
});

test('the disabled user cannot log in', async () => {
  await logIn({ username: NEW.username, password: NEW.password });
  await waitText('login-error', 'Sai tên đăng nhập hoặc mật khẩu');
});

test('an edit made meanwhile is refused as stale; an admin cannot disable themself', async () => {
  await logIn(ADMIN);
  await byId('nav-users').click();
  await byId(`user-edit-${AUDITOR.username}`).click();
  await byId('user-details-form').waitFor();

  // Someone else renames the auditor while the form is open.
  const other = new Client(server.url);
  assert.equal((await other.login(ADMIN.username, ADMIN.password)).status, 200);
  const id = (await hash()).split('/')[2];
  assert.equal((await other.patch(`/api/v1/users/${id}`, { full_name: 'Phạm Thu Kiểm (đổi)' })).status, 200);

  await byId('edit-full_name').fill('Phạm Thị Thu Kiểm');
  await byId('user-save').click();
  await waitText('user-stale', 'Người khác vừa thay đổi');
  await byId('user-reload').click();
  await byId('user-stale').waitFor({ state: 'detached' });
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="edit-full_name"]')?.value === 'Phạm Thu Kiểm (đổi)');
  await byId('edit-full_name').fill(AUDITOR.full_name);
  await byId('user-save').click();
  await waitText('user-notice', 'Đã lưu');

  // Disabling oneself is refused by the server and explained.
  await page.getByRole('link', { name: 'Danh sách người dùng' }).click();
  await byId(`user-edit-${ADMIN.username}`).click();
  await byId('user-toggle-active').click();
  await byId('user-confirm-yes').click();
  await waitText('error', 'không thể tự vô hiệu hoá');
  await waitText('user-edit-status', 'Hoạt động');
  await logOut();
});

test('an auditor sees the user changes and the failed login', async () => {
  await logIn(AUDITOR);
  await byId('topbar').waitFor();
  assert.equal(await text('nav-audit'), 'Nhật ký');
  assert.equal(await byId('nav-users').count(), 0);
  await byId('nav-audit').click();
  await byId('audit-list').waitFor();
  assert.equal(await hash(), '#/audit');

  const rows = byId('audit-row');
  const actions = await rows.evaluateAll((rs) => rs.map((r) => r.dataset.action));
  for (const a of ['user_create', 'user_update', 'login_failed', 'login', 'logout']) {
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  }
  // Newest first: the auditor's own login on top.
  assert.equal(actions[0], 'login');
  assert.match(await rows.first().innerText(), new RegExp(AUDITOR.username));

  // Actions are translated; the failed login names the username tried.
  const failedRow = page.locator('[data-testid="audit-row"][data-action="login_failed"]').first();
  assert.match(await failedRow.innerText(), /Đăng nhập sai/);
  assert.match(await failedRow.getByTestId('audit-actor').innerText(), new RegExp(NEW.username));
  const created = page.locator('[data-testid="audit-row"][data-action="user_create"]').first();
  assert.match(await created.innerText(), /Tạo người dùng/);
  assert.match(await created.getByTestId('audit-detail').innerText(), new RegExp(`${NEW.username}.*Cấp tỉnh.*62`));
  assert.match(await created.getByTestId('audit-actor').innerText(), new RegExp(ADMIN.username));
  assert.match(await created.getByTestId('audit-target').innerText(), /^Người dùng #\d+$/);
  const updates = await page.locator('[data-testid="audit-row"][data-action="user_update"]')
    .getByTestId('audit-detail').allInnerTexts();
  assert.ok(updates.some((d) => /họ tên/.test(d)), `a rename among ${updates}`);
  assert.ok(updates.some((d) => /trạng thái/.test(d)), `a disable among ${updates}`);

  // Times are Vietnam's local time.
  const at = await created.locator('time').getAttribute('datetime');
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const local = `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
  assert.equal((await created.locator('time').innerText()).trim(), local);
  await page.screenshot({ path: `${SHOTS}/e2e-audit.png`, fullPage: true });

  // Filter by action, then by today's dates (in Vietnam).
  await byId('audit-action-filter').selectOption('user_update');
  await page.waitForFunction(() => location.hash.includes('action=user_update'));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-row"]')]
    .every((r) => r.dataset.action === 'user_update'));
  const updateCount = await rows.count();
  assert.ok(updateCount >= 2, `${updateCount} user_update entries`);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  await byId('audit-since').fill(today);
  await byId('audit-until').fill(today);
  await byId('audit-apply').click();
  await page.waitForFunction(() => location.hash.includes('since='));
  await byId('audit-list').waitFor();
  assert.equal(await rows.count(), updateCount);
  await byId('audit-clear').click();
  await page.waitForFunction(() => location.hash === '#/audit');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length > 2);

  // English labels.
  await byId('lang-en').click();
  await waitText('nav-audit', 'Audit log');
  await page.locator('[data-testid="audit-row"][data-action="user_create"]').filter({ hasText: 'User created' }).first().waitFor();
  await byId('lang-vi').click();
  await waitText('nav-audit', 'Nhật ký');

  // Phone width: one card per entry, nothing sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await byId('audit-list').waitFor();
  assert.ok(await pageWidth() <= 360, `audit page is ${await pageWidth()}px wide at 360px`);
  await page.screenshot({ path: `${SHOTS}/e2e-audit-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });
  await logOut();
});

test('no console errors, CSP violations or unexpected failed requests', () => {
  assert.deepEqual(problems, []);
});
