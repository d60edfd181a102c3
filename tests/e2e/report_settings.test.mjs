// Browser test of a plan's report settings (issue 8, docs/reports.md
// §Settings, §Due dates): the plan page's "Báo cáo" tab.  On the demo
// database, the province user of Kon Tum opens its plan 787/KH-UBND's tab
// and sees the defaults (Decree 09 windows, due 15/6, 15/12, 15/12, the due
// day on time, reminders 7 days before).  Switching to calendar windows
// brings the hint that every report is then due before its data end; S1
// moved to 15 July by hand and the others by the hint's button clear it.
// Saved, the line says the plan has its own settings, and after a reload
// the form and the API hold them.  A reminder of 61 days is stopped in the
// form; 29 February is refused by the server with its rule at the annual
// report, in Vietnamese and in English, and nothing changes.  A viewer of
// the province reads the same settings as text, without a control.  The
// tab is photographed at 1280 px and 360 px (no sideways scrolling) into
// /tmp/shots (SHOTS_DIR).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Client, cli, startServer } from '../lib/server.mjs';
import { launch, openPage } from './browser.mjs';

const SHOTS = process.env.SHOTS_DIR || '/tmp/shots';
const DEMO_PASSWORD = 'trogiup-demo-2026';
const VIEWER = { username: 'xemkontum', full_name: 'Người xem Kon Tum', password: 'viewer-kontum-2026' };

let server, browser, page, problems, api, planId;

// Failures provoked on purpose: the first GET /me; the PUT of 29 February.
const expected = (status, method, url) => status === 401
  || (status === 422 && method === 'PUT' && /\/api\/v1\/plans\/\d+\/report-settings$/.test(url));

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ users: [] });
  const d = cli(['demo', '--db', server.db]);
  assert.equal(d.status, 0, d.stderr);
  const u = cli(['user', 'add', '--db', server.db, '--username', VIEWER.username, '--full-name', VIEWER.full_name,
    '--role', 'viewer', '--scope', '62'], `${VIEWER.password}\n`);
  assert.equal(u.status, 0, u.stderr);
  api = new Client(server.url);
  assert.equal((await api.login('sokontum', DEMO_PASSWORD)).status, 200);
  const plans = await api.get('/api/v1/plans?unit=62');
  assert.equal(plans.status, 200, plans.text);
  const plan = plans.json.items.find((x) => x.number === '787/KH-UBND');
  assert.ok(plan, 'the demo has Kon Tum’s plan 787/KH-UBND');
  planId = plan.id;
  browser = await launch();
  ({ page, problems } = await openPage(browser, expected));
  await login(page, 'sokontum', DEMO_PASSWORD);
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await server?.stop();
  }
});

async function login(p, username, password) {
  await p.goto(server.url + '/');
  await p.getByTestId('login-page').waitFor();
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu').fill(password);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('topbar').waitFor();
}

// A screenshot at desktop width and one at 360 px; neither scrolls sideways.
async function shots(p, name) {
  await p.waitForTimeout(300);
  await p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const wide = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 1280, `${name} is ${wide} px wide at 1280 px`);
  await p.setViewportSize({ width: 360, height: 780 });
  await p.waitForTimeout(300);
  await p.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage: true });
  const w = await p.evaluate(() => document.documentElement.scrollWidth);
  await p.setViewportSize({ width: 1280, height: 860 });
  assert.ok(w <= 360, `${name} is ${w} px wide at 360 px`);
}

const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();

// The form's due date of one report as "day/month/offset".
async function due(k) {
  const v = (part) => page.getByTestId(`rset-due-${k}-${part}`).inputValue();
  return `${await v('day')}/${await v('month')}/${await v('offset')}`;
}

async function openTab() {
  await page.goto(`${server.url}/#/plans/${planId}`);
  await page.getByTestId('plan-tab-reports').click();
  await page.getByTestId('rset-form').waitFor();
  assert.match(page.url(), new RegExp(`#/plans/${planId}/reports$`));
}

test('the province user sees the defaults on the plan’s “Báo cáo” tab', async () => {
  await openTab();
  assert.equal(await page.getByTestId('plan-tab-reports').getAttribute('aria-current'), 'page');
  const state = page.getByTestId('rset-state');
  assert.equal(await state.getAttribute('data-stored'), 'false');
  assert.match(await text(state), /^Đang dùng mặc định/);
  assert.equal(await page.getByTestId('rset-window-decree_09').isChecked(), true);
  assert.match(await text(page.getByTestId('rset-window')), /Theo Nghị định 09\/2019\/NĐ-CP 6 tháng: 15\/12 năm trước – 14\/6; năm: 15\/12 năm trước – 14\/12/);
  assert.equal(await due('s1'), '15/6/0');
  assert.equal(await due('s2'), '15/12/0');
  assert.equal(await due('annual'), '15/12/0');
  assert.equal(await page.getByTestId('rset-due-day-counts').isChecked(), true);
  assert.equal(await page.getByTestId('rset-reminder').inputValue(), '7');
  assert.equal(await page.getByTestId('rset-early').count(), 0, 'the defaults need no hint');
  assert.equal(await page.getByTestId('rset-discard').count(), 0, 'nothing changed yet');
});

test('calendar windows bring the hint; S1 on 15 July and the suggested dates clear it; saved and reloaded', async () => {
  await page.getByTestId('rset-window-calendar').check();
  const early = page.getByTestId('rset-early');
  await early.waitFor();
  assert.equal(await text(page.getByTestId('rset-early-s1')),
    'Báo cáo 6 tháng đầu năm: hạn nộp ngày 15/6 nhưng số liệu tính đến hết ngày 30/6. Nên dời sang ngày 15/7.');
  assert.equal(await text(page.getByTestId('rset-early-annual')),
    'Báo cáo năm: hạn nộp ngày 15/12 nhưng số liệu tính đến hết ngày 31/12. Nên dời sang ngày 15/1 năm sau.');
  assert.equal(await page.getByTestId('rset-early-s2').count(), 1);
  await shots(page, 'report-settings-hint');

  await page.getByTestId('rset-due-s1-month').selectOption('7');
  await page.getByTestId('rset-early-s1').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('rset-early-s2').count(), 1, 'S2 is still due before its data end');
  await page.getByTestId('rset-early-apply').click();
  await early.waitFor({ state: 'detached' });
  assert.equal(await due('s1'), '15/7/0', 'S1 is not touched by the suggestion: it was fine');
  assert.equal(await due('s2'), '15/1/1');
  assert.equal(await due('annual'), '15/1/1');
  await page.getByTestId('rset-reminder').fill('10');
  await page.getByTestId('rset-save').click();
  await page.getByTestId('rset-saved').waitFor();
  assert.equal(await page.getByTestId('rset-state').getAttribute('data-stored'), 'true');
  assert.match(await text(page.getByTestId('rset-state')), /^Thiết lập riêng của kế hoạch này/);

  await page.reload();
  await page.getByTestId('rset-form').waitFor();
  assert.equal(await page.getByTestId('rset-state').getAttribute('data-stored'), 'true');
  assert.equal(await page.getByTestId('rset-window-calendar').isChecked(), true);
  assert.equal(await due('s1'), '15/7/0');
  assert.equal(await due('s2'), '15/1/1');
  assert.equal(await due('annual'), '15/1/1');
  assert.equal(await page.getByTestId('rset-reminder').inputValue(), '10');
  assert.equal(await page.getByTestId('rset-due-day-counts').isChecked(), true);
  assert.equal(await page.getByTestId('rset-early').count(), 0);

  const r = await api.get(`/api/v1/plans/${planId}/report-settings`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, {
    window: 'calendar', stored: true, due_day_counts: true, reminder_days: 10,
    due: { s1: { month: 7, day: 15, year_offset: 0 }, s2: { month: 1, day: 15, year_offset: 1 }, annual: { month: 1, day: 15, year_offset: 1 } },
  });
  await shots(page, 'report-settings');
});

test('61 reminder days are stopped in the form; 29 February is refused by the server at the annual report', async () => {
  const puts = [];
  const count = (req) => { if (req.method() === 'PUT') puts.push(req.url()); };
  page.on('request', count);
  await page.getByTestId('rset-reminder').fill('61');
  await page.getByTestId('rset-save').click();
  assert.equal(await text(page.getByTestId('rset-reminder-error')), 'Số ngày nhắc việc phải là số nguyên từ 0 đến 60.');
  assert.deepEqual(puts, [], 'not sent');
  page.off('request', count);
  await page.getByTestId('rset-reminder').fill('10');
  await page.getByTestId('rset-reminder-error').waitFor({ state: 'detached' });

  await page.getByTestId('rset-due-annual-day').selectOption('29');
  await page.getByTestId('rset-due-annual-month').selectOption('2');
  await page.getByTestId('rset-due-annual-offset').selectOption('1');
  const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && /report-settings$/.test(r.url()));
  await page.getByTestId('rset-save').click();
  assert.equal((await refused).status(), 422);
  const err = page.getByTestId('rset-due-annual-error');
  await err.waitFor();
  assert.equal(await text(err), 'Báo cáo năm: không đặt hạn nộp ngày 29/2 được vì không phải năm nào cũng có ngày này.');
  assert.equal(await page.getByTestId('rset-due-annual-day').evaluate((e) => e === document.activeElement), true, 'focus on the day');
  assert.equal(await page.getByTestId('rset-saved').count(), 0);
  await shots(page, 'report-settings-refused');
  await page.getByTestId('lang-en').click();
  await page.getByText('Annual report: 29 February cannot be a due date, as not every year has it.').waitFor();
  await shots(page, 'report-settings-en');
  await page.getByTestId('lang-vi').click();
  await err.waitFor();

  const r = await api.get(`/api/v1/plans/${planId}/report-settings`);
  assert.deepEqual(r.json.due.annual, { month: 1, day: 15, year_offset: 1 }, 'nothing stored');
  await page.getByTestId('rset-discard').click();
  assert.equal(await due('annual'), '15/1/1');
  assert.equal(await page.getByTestId('rset-due-annual-error').count(), 0);
});

test('a viewer of the province reads the settings without a control', async () => {
  const v = await openPage(browser, (s) => s === 401);
  try {
    await login(v.page, VIEWER.username, VIEWER.password);
    await v.page.goto(`${server.url}/#/plans/${planId}/reports`);
    await v.page.getByTestId('rset-view').waitFor();
    const box = v.page.getByTestId('rset-page');
    assert.equal(await box.locator('input, select, textarea, button').count(), 0);
    assert.equal(await v.page.getByTestId('rset-form').count(), 0);
    assert.equal(await v.page.getByTestId('rset-view-window').getAttribute('data-window'), 'calendar');
    assert.match(await text(v.page.getByTestId('rset-view-window')), /^Theo năm dương lịch 6 tháng: 1\/1 – 30\/6/);
    assert.equal(await text(v.page.getByTestId('rset-view-due-s1')), 'ngày 15/7');
    assert.equal(await text(v.page.getByTestId('rset-view-due-annual')), 'ngày 15/1 năm sau');
    assert.equal(await text(v.page.getByTestId('rset-view-reminder')), '10 ngày trước hạn');
    assert.equal(await text(v.page.getByTestId('rset-view-due-day')), 'vẫn tính là đúng hạn');
    assert.match(await text(v.page.getByTestId('rset-readonly')), /Chỉ cán bộ cấp tỉnh, cấp huyện/);
    assert.match(await text(v.page.getByTestId('rset-state')), /^Thiết lập riêng của kế hoạch này/);
    await shots(v.page, 'report-settings-viewer');
    // The server agrees: the viewer may not write them.
    const va = new Client(server.url);
    assert.equal((await va.login(VIEWER.username, VIEWER.password)).status, 200);
    const put = await va.req('PUT', `/api/v1/plans/${planId}/report-settings`, { reminder_days: 3 });
    assert.equal(put.status, 403, put.text);
    assert.deepEqual(v.problems, []);
  } finally {
    await v.context.close();
  }
  assert.deepEqual(problems, []);
});
