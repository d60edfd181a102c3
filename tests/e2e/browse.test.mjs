// Browser test of the UI shell: log in, find and walk the unit tree, switch
// language and tree, check the phone layout, log out.  Drives Debian's
// Chromium through playwright-core against the real server (tests/lib).
// TROGIUP_E2E_URL=http://host:port runs it against a server already running
// (with user tinh-kontum / the password below) instead of starting one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/server.mjs';

const USER = {
  username: 'tinh-kontum', full_name: 'Nguyễn Thị Hồng Nhung', role: 'province',
  scope: '62', password: 'Kontum-Tro-Giup-2024!',
};
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = 'build';

let server, browser, context, page, base;
const problems = [];   // console errors and CSP violations seen by the page

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  if (process.env.TROGIUP_E2E_URL) {
    base = process.env.TROGIUP_E2E_URL.replace(/\/$/, '');
  } else {
    server = await startServer({ users: [USER] });
    base = server.url;
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN' });
  context.setDefaultTimeout(10000);
  page = await context.newPage();
  page.on('console', (m) => {
    // Failed requests log a console error; they are checked one by one in
    // the response handler below.
    if (m.type() === 'error' && !/status of (401|404|429)/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    // 401/429: refused logins and the lost session below; the 404: the tree
    // switch asking whether Đắk Tô (612) exists in the 2025 tree.
    if (r.status() >= 400 && ![401, 429].includes(r.status())
        && !(r.status() === 404 && r.url().includes('/api/v1/units/612?tree=2025'))) {
      problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    }
  });
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await server?.stop();   // throws when the server did not exit cleanly
  }
});

const byId = (id) => page.getByTestId(id);
const text = async (id) => (await byId(id).innerText()).trim();
// Waits until the element with this test id contains the text.
const waitText = (id, s) => byId(id).filter({ hasText: s }).first().waitFor();
const hash = () => page.evaluate(() => location.hash);

test('log in, browse Kon Tum › Đắk Tô, switch language and tree, log out', async () => {
  await page.goto(base + '/');
  await byId('login-page').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Đăng nhập');
  await page.screenshot({ path: `${SHOTS}/e2e-login.png` });

  // A wrong password shows the server's refusal.
  await page.getByLabel('Tên đăng nhập').fill(USER.username);
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  await byId('login-submit').click();
  await waitText('login-error', 'Sai tên đăng nhập hoặc mật khẩu');

  await page.getByLabel('Tên đăng nhập').fill(USER.username);
  await page.getByLabel('Mật khẩu').fill(USER.password);
  await byId('login-submit').click();

  // The shell: who is logged in, with the role and scope in Vietnamese.
  await byId('topbar').waitFor();
  assert.equal(await text('app-name'), 'trogiup');
  assert.equal(await text('user-name'), USER.full_name);
  assert.equal(await text('user-role'), 'Cấp tỉnh');
  assert.match(await text('user-scope'), /Kon Tum|62/);
  assert.equal(await text('logout'), 'Đăng xuất');

  // Home: the provinces of the 2024 tree.
  await byId('province-list').waitFor();
  assert.equal(await byId('province-list').locator('li').count(), 63);
  assert.equal(await hash(), '#/units');

  // Search ignores case and diacritics.
  await byId('unit-search').fill('kon tum');
  await byId('search-results').waitFor();
  await byId('unit-62').waitFor();
  assert.match(await hash(), /q=kon(\+|%20)tum/);
  await byId('unit-62').click();

  // Kon Tum: its page, its districts.
  await waitText('unit-name', 'Kon Tum');
  assert.match(await hash(), /^#\/units\/62/);
  assert.equal(await text('unit-code'), '62');
  await byId('children').waitFor();
  assert.equal(await byId('children').locator('li').count(), 10);
  await byId('unit-612').click();

  // Đắk Tô (612 in the 2024 tree): breadcrumb and its communes.
  await waitText('unit-name', 'Đắk Tô');
  assert.match(await hash(), /^#\/units\/612/);
  const crumbs = await byId('breadcrumb').locator('li').allInnerTexts();
  assert.deepEqual(crumbs.slice(-2).map((s) => s.trim()), ['Kon Tum', 'Đắk Tô']);
  assert.match(await byId('breadcrumb').innerText(), /Kon Tum[\s\S]*Đắk Tô/);
  await byId('children').waitFor();
  const communes = await byId('children').locator('.unit-name').allInnerTexts();
  assert.ok(communes.length >= 5, `communes listed: ${communes}`);
  assert.ok(communes.includes('Tân Cảnh'), `Tân Cảnh among ${communes}`);
  await page.screenshot({ path: `${SHOTS}/e2e-units.png`, fullPage: true });

  // Back goes to Kon Tum, forward to Đắk Tô again.
  await page.goBack();
  await waitText('unit-name', 'Kon Tum');
  await page.goForward();
  await waitText('unit-name', 'Đắk Tô');

  // The language switch changes visible strings and survives a reload
  // (the session survives it too).
  await byId('lang-en').click();
  await waitText('logout', 'Sign out');
  assert.equal(await text('user-role'), 'Province');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await waitText('unit-name', 'Đắk Tô');
  assert.equal(await text('logout'), 'Sign out');
  assert.match(await text('unit-type'), /District/);
  await page.screenshot({ path: `${SHOTS}/e2e-units-en.png`, fullPage: true });
  await byId('lang-vi').click();
  await waitText('logout', 'Đăng xuất');

  // Phone width: nothing sticks out sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await waitText('unit-name', 'Đắk Tô');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `page is ${overflow}px wide at 360px`);
  await page.screenshot({ path: `${SHOTS}/e2e-units-360.png`, fullPage: true });

  // The 2025 tree has no districts: switching there from Đắk Tô lands on
  // its 34 provinces, without Kon Tum (merged into Quảng Ngãi).
  await byId('tree-2025').click();
  await byId('province-list').waitFor();
  assert.equal(await hash(), '#/units?tree=2025');
  assert.equal(await byId('province-list').locator('li').count(), 34);
  assert.equal(await byId('unit-62').count(), 0);
  assert.equal(await byId('tree-2025').getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: `${SHOTS}/e2e-provinces-2025-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });

  // Log out: back to the login page, and the session is gone.
  await byId('logout').click();
  await byId('login-page').waitFor();
  await byId('login-notice').waitFor();
  await page.reload();
  await byId('login-page').waitFor();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: `${SHOTS}/e2e-login-360.png` });
  await page.setViewportSize({ width: 1280, height: 860 });
});

async function logIn(password = USER.password) {
  await page.getByLabel('Tên đăng nhập').fill(USER.username);
  await page.getByLabel('Mật khẩu').fill(password);
  await byId('login-submit').click();
}

test('a lost session leads back to the login page, then to where the user was', async () => {
  await page.goto(base + '/#/units/62');
  await byId('login-page').waitFor();
  await logIn();
  await waitText('unit-name', 'Kon Tum');
  await context.clearCookies();
  await byId('unit-612').click();
  await byId('login-page').waitFor();
  await waitText('login-notice', 'hết hạn');
  await logIn();
  await waitText('unit-name', 'Đắk Tô');
  await byId('logout').click();
  await byId('login-page').waitFor();
});

test('repeated wrong passwords are refused with "too many attempts"', async () => {
  // The server allows 5 failures per username in 15 minutes, then 429.
  for (let i = 0; i < 8; i++) {
    await logIn(`wrong-${i}`);
    await byId('login-error').waitFor();
    if (/quá nhiều lần/.test(await text('login-error'))) break;
  }
  assert.match(await text('login-error'), /Đăng nhập sai quá nhiều lần/);
  await page.screenshot({ path: `${SHOTS}/e2e-login-429.png` });
});

test('no console errors or CSP violations', () => {
  assert.deepEqual(problems, []);
});
