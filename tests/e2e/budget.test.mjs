// Browser test of a plan's budget tab (issue 7, docs/budget.md §UI).  A
// province user opens the budget of a plan created through the API,
// imports a CSV whose line 1.2 states 12.500 where its cells add up to
// 12.000: the check lists the problems before anything is stored, then the
// table shows them on the right cells (outlined, the words in the cell's
// title, each in the list beside).  Clicking a problem goes to its cell;
// fixing it there clears the problems as the server's live check answers,
// with the parent's computed sum shown beside it.  A save over someone
// else's newer save is refused (412) and done on purpose; after a reload
// the table is still clean.  Then an allocation is recorded for a line,
// the summaries show it with their chart, English labels the table, and a
// viewer gets the table without inputs.  The table is photographed at
// 1280 px and 360 px into /tmp/shots (SHOTS_DIR) and, clean, to
// /tmp/budget_ui.png (BUDGET_SHOT).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Client, startServer } from '../lib/server.mjs';
import { launch, openPage } from './browser.mjs';

const SHOTS = process.env.SHOTS_DIR || '/tmp/shots';
const FINAL_SHOT = process.env.BUDGET_SHOT || '/tmp/budget_ui.png';
const USERS = [
  { username: 'sokontum', full_name: 'Sở LĐ-TB&XH Kon Tum', role: 'province', scope: '62', password: 'province-pass-1' },
  { username: 'xemkontum', full_name: 'Người xem Kon Tum', role: 'viewer', scope: '62', password: 'viewer-pass-123' },
];
const HEAD = 'row,parent,label,stated_total,2018:central,2018:local,2018:mobilised,2019:central,2019:local,2019:mobilised,2020:central,2020:local,2020:mobilised';
// Line 1.2 states 12.500; its cells add up to 12.000.  So does every other
// sum, except Dự án 1's stated total against its lines' stated totals.
const CSV = [
  HEAD,
  'total,,Tổng cộng,40.000,14.000,1.000,0,13.000,1.000,0,10.000,1.000,0',
  'I,,Dự án 1: Phát triển hệ thống trợ giúp xã hội,30.000,10.000,0,0,10.000,0,0,10.000,0,0',
  '1.1,I,Hỗ trợ nâng cấp Trung tâm công tác xã hội tỉnh,18.000,6.000,0,0,6.000,0,0,6.000,0,0',
  '1.2,I,"Tập huấn cán bộ, cộng tác viên xã",12.500,4.000,0,0,4.000,0,0,4.000,0,0',
  'II,,Dự án 2: Trợ giúp người khuyết tật dựa vào cộng đồng,10.000,4.000,1.000,0,3.000,1.000,0,0,1.000,0',
  '',
].join('\r\n');

let server, browser, page, problems, api, plan;

// Failures provoked on purpose: the first GET /me; the save over a newer version.
const expected = (status, method, url) => status === 401
  || (status === 412 && method === 'POST' && /\/api\/v1\/plans\/\d+\/budget$/.test(url));

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ users: USERS });
  api = new Client(server.url);
  assert.equal((await api.login('sokontum', USERS[0].password)).status, 200);
  const r = await api.post('/api/v1/plans', {
    unit_code: '62', number: '99/KH-UBND', issued_on: '2018-04-03', period_from: 2018, period_to: 2020,
    title: 'Kế hoạch thực hiện Chương trình trợ giúp xã hội giai đoạn 2018–2020',
  });
  assert.equal(r.status, 201, r.text);
  plan = r.json;
  browser = await launch();
  ({ page, problems } = await openPage(browser, expected));
  await login(page, 'sokontum', USERS[0].password);
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

const line = (row) => page.locator(`tr[data-testid="budget-line"][data-row="${row}"]`);
const cell = (row, column) => line(row).locator(`td[data-column="${column}"]`);
const listed = (row, column) => page.locator(`[data-testid="budget-problems"] [data-testid="budget-problem"][data-row="${row}"][data-column="${column}"]`);

async function shots(name) {
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 1280, `${name} is ${wide} px wide at 1280 px`);
  await page.setViewportSize({ width: 360, height: 780 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage: true });
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 860 });
  assert.ok(w <= 360, `${name} is ${w} px wide at 360 px`);
}

test('import a table with a wrong total, see it on its cell, fix it live, save, reload: clean', async () => {
  await page.goto(`${server.url}/#/plans/${plan.id}`);
  await page.getByTestId('plan-page').waitFor();
  await page.getByTestId('plan-tab-budget').click();
  await page.getByTestId('budget-page').waitFor();
  await page.getByTestId('budget-empty').waitFor();

  // The file is checked before anything is stored.
  await page.getByTestId('budget-view-import').click();
  await page.getByTestId('budget-file').setInputFiles({ name: 'kinh-phi.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  const result = page.getByTestId('budget-import-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-rows'), '5');
  assert.equal(await result.getAttribute('data-problems'), '2');
  const imported = page.locator('[data-testid="budget-import-problems"] [data-testid="budget-problem"]');
  assert.deepEqual(await imported.evaluateAll((els) => els.map((e) => `${e.dataset.kind} ${e.dataset.row} ${e.dataset.column}`)),
    ['parent_sum I stated_total', 'row_total 1.2 stated_total']);
  assert.match(await imported.last().innerText(), /Dòng 1\.2 · Tổng \(ghi\)[\s\S]*Tổng ghi 12\.500, nhưng cộng các ô của dòng được 12\.000/);
  assert.equal((await api.get(`/api/v1/plans/${plan.id}/budget`)).json.lines.length, 0, 'nothing stored by the check');

  await page.getByTestId('budget-replace').click();
  await page.getByTestId('budget-notice').waitFor();
  assert.match(await page.evaluate(() => location.hash), new RegExp(`^#/plans/${plan.id}/budget$`));

  // The table: indented, bold where it should be, the problems on their cells.
  await line('1.2').waitFor();
  assert.deepEqual(await page.locator('tr[data-testid="budget-line"]').evaluateAll((els) => els.map((e) => [e.dataset.row, e.className.match(/b-depth-\d/)[0]])),
    [['total', 'b-depth-0'], ['I', 'b-depth-0'], ['1.1', 'b-depth-1'], ['1.2', 'b-depth-1'], ['II', 'b-depth-0']]);
  assert.equal(await line('I').locator('.b-input-label').evaluate((e) => getComputedStyle(e).fontWeight), '700');
  assert.equal(await line('1.1').locator('.b-input-label').evaluate((e) => getComputedStyle(e).fontWeight), '400');
  assert.equal(await cell('1.2', 'stated_total').locator('input').inputValue(), '12.500');
  assert.equal(await line('1.2').locator('.b-input-label').inputValue(), 'Tập huấn cán bộ, cộng tác viên xã');
  const bad = cell('1.2', 'stated_total');
  assert.match(await bad.getAttribute('class'), /\bb-problem\b/);
  assert.equal(await bad.getAttribute('data-problem'), 'row_total');
  assert.match(await bad.getAttribute('title'), /12\.500.*12\.000/);
  assert.equal(await bad.evaluate((e) => getComputedStyle(e).boxShadow.includes('180, 35, 24')), true, 'outlined in red');
  assert.match(await cell('I', 'stated_total').getAttribute('class'), /\bb-problem\b/);
  for (const ok of [['1.1', 'stated_total'], ['1.2', '2018:central'], ['total', 'stated_total'], ['II', '2019:local']]) {
    assert.doesNotMatch(await cell(...ok).getAttribute('class'), /b-problem/, ok.join(' '));
  }
  await listed('1.2', 'stated_total').waitFor();
  await listed('I', 'stated_total').waitFor();
  assert.equal(await page.locator('[data-testid="budget-problems"] [data-testid="budget-problem"]').count(), 2);
  // The parent's stated total with its lines' sum beside it (18.000 + 12.000 of their cells).
  assert.equal((await cell('I', '2018:central').getByTestId('budget-sum').innerText()).trim(), 'Σ 10.000');
  assert.match(await cell('1.2', 'stated_total').getByTestId('budget-sum').getAttribute('class'), /b-sum-diff/);
  await shots('budget-problems');

  // A click on the problem goes to its cell; the fix clears both problems live.
  await listed('1.2', 'stated_total').getByRole('button').click();
  const input = bad.locator('input');
  await page.waitForFunction(() => document.activeElement?.closest('td')?.dataset.column === 'stated_total'
    && document.activeElement.closest('tr').dataset.row === '1.2');
  await input.fill('12.000');
  await page.locator('[data-testid="budget-status"][data-state="clean"]').waitFor();
  await page.getByTestId('budget-clean').waitFor();
  assert.equal(await page.locator('[data-testid="budget-problem"]').count(), 0);
  assert.doesNotMatch(await bad.getAttribute('class'), /b-problem/);
  assert.doesNotMatch(await cell('I', 'stated_total').getAttribute('class'), /b-problem/);
  await page.getByTestId('budget-dirty').waitFor();

  // Someone saves meanwhile: ours is refused (412) and then saved on purpose.
  const other = await api.post(`/api/v1/plans/${plan.id}/budget`, CSV, { 'content-type': 'text/csv' });
  assert.equal(other.status, 200, other.text);
  await page.getByTestId('budget-save').click();
  await page.getByTestId('budget-stale').waitFor();
  await page.getByTestId('budget-overwrite').click();
  await page.getByTestId('budget-saved').waitFor();
  await page.locator('[data-testid="budget-dirty"]').waitFor({ state: 'detached' });

  const stored = (await api.get(`/api/v1/plans/${plan.id}/budget`)).json;
  assert.deepEqual(stored.problems, []);
  assert.equal(stored.lines.find((l) => l.row === '1.2').stated_total, 12000000000);
  assert.ok(stored.version > other.json.version, `version ${stored.version} after ${other.json.version}`);

  await page.reload();
  await page.getByTestId('budget-page').waitFor();
  await line('1.2').waitFor();
  assert.equal(await cell('1.2', 'stated_total').locator('input').inputValue(), '12.000');
  await page.getByTestId('budget-clean').waitFor();
  assert.equal(await page.locator('[data-testid="budget-problem"]').count(), 0);
  assert.equal(await page.locator('td.b-problem').count(), 0);
  await page.screenshot({ path: FINAL_SHOT, fullPage: true });
  await shots('budget-clean');
});

test('lines added, indented and removed in the editor keep the sums', async () => {
  await line('1.2').locator('.b-input-label').click();
  await page.getByTestId('budget-add').click();
  const added = line('1.3');
  await added.waitFor();
  assert.match(await added.getAttribute('class'), /b-depth-1/);
  await cell('1.3', '2020:mobilised').locator('input').fill('0,5');
  // Dự án 1 now adds up to 0,5 more than it states: a parent_sum on its cell, live.
  await listed('I', '2020:mobilised').waitFor();
  assert.equal((await cell('I', '2020:mobilised').getByTestId('budget-sum').innerText()).trim(), 'Σ 0,5');
  await page.getByTestId('budget-remove').click();
  await added.waitFor({ state: 'detached' });
  await page.getByTestId('budget-clean').waitFor();
  await page.getByTestId('budget-undo').click();
  await added.waitFor();
  await page.getByTestId('budget-outdent').click();
  await page.waitForFunction(() => document.querySelector('tr[data-row="1.3"]')?.classList.contains('b-depth-0'));
  await page.getByTestId('budget-indent').click();
  await page.waitForFunction(() => document.querySelector('tr[data-row="1.3"]')?.classList.contains('b-depth-1'));
  await page.getByTestId('budget-discard').click();
  await added.waitFor({ state: 'detached' });
  await page.getByTestId('budget-clean').waitFor();
});

test('an allocation recorded for a line shows in the summaries and their chart', async () => {
  await line('1.1').locator('.b-input-label').click();
  await page.getByTestId('budget-execution-open').click();
  await page.getByTestId('budget-execution').waitFor();
  assert.equal(await page.getByTestId('bx-row').inputValue(), '1.1');
  await page.getByTestId('bx-year').selectOption('2018');
  await page.getByTestId('bx-source').selectOption('central');
  await page.getByTestId('bx-allocated').fill('6.000');
  await page.getByTestId('bx-spent').fill('6.500');
  await page.getByTestId('bx-over').waitFor();
  await page.getByTestId('bx-reason').fill('Quyết định 120/QĐ-UBND cấp vốn năm 2018');
  await page.getByTestId('bx-save').click();
  await page.getByTestId('bx-saved').waitFor();
  const item = page.locator('[data-testid="bx-item"][data-row="1.1"][data-year="2018"][data-source="central"]');
  await item.waitFor();
  assert.match(await item.innerText(), /6\.000[\s\S]*6\.500/);
  await shots('budget-execution');

  await page.getByTestId('budget-view-summary').click();
  await page.getByTestId('budget-summary').waitFor();
  assert.match(await page.getByTestId('budget-source-total').innerText(), /40\.000/);
  assert.match(await page.getByTestId('budget-source-central').innerText(), /37\.000/);
  const y2018 = page.locator('[data-testid="budget-year-row"][data-year="2018"]');
  assert.equal(await y2018.getAttribute('data-overspent'), 'true');
  assert.match(await y2018.innerText(), /2018[\s\S]*15\.000[\s\S]*6\.000[\s\S]*6\.500[\s\S]*Chi vượt mức cấp/);
  await page.locator('[data-testid="budget-chart"] canvas').waitFor();
  assert.match(await page.locator('[data-testid="budget-chart"] [role="img"]').getAttribute('aria-label'), /Năm 2018: dự toán 15\.000, được cấp 6\.000, đã chi 6\.500/);
  const total = page.locator('[data-testid="budget-general-row"][data-project="total"] [data-testid="budget-general-total"]');
  assert.equal((await total.innerText()).trim(), '40.000');
  await shots('budget-summary');
});

test('English labels the table; a viewer reads it without inputs', async () => {
  await page.getByTestId('budget-view-table').click();
  await page.getByTestId('lang-en').click();
  await page.locator('.budget-table th.b-year', { hasText: 'Year 2018' }).first().waitFor();
  assert.ok(await page.locator('.budget-table th.b-source', { hasText: 'Central' }).count() >= 3);
  await page.getByTestId('lang-vi').click();
  await page.locator('.budget-table th.b-year', { hasText: 'Năm 2018' }).first().waitFor();

  const v = await openPage(browser, (s) => s === 401);
  try {
    await login(v.page, 'xemkontum', USERS[1].password);
    await v.page.goto(`${server.url}/#/plans/${plan.id}/budget`);
    await v.page.locator('tr[data-testid="budget-line"][data-row="1.2"]').waitFor();
    assert.equal(await v.page.locator('.budget-table input, .budget-table textarea').count(), 0);
    assert.equal(await v.page.getByTestId('budget-toolbar').count(), 0);
    assert.equal(await v.page.getByTestId('budget-save').count(), 0);
    assert.equal(await v.page.getByTestId('budget-view-import').count(), 0);
    assert.equal((await v.page.locator('tr[data-row="1.2"] td[data-column="stated_total"]').innerText()).trim(), '12.000');
    assert.deepEqual(v.problems, []);
  } finally {
    await v.context.close();
  }
  assert.deepEqual(problems, []);
});
