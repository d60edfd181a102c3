// Browser test of the indicator pages (issue 6, docs/indicators.md).  On a
// database with the demo (Kon Tum's plan 787/KH-UBND for 2018–2020, its
// historic cases and aggregates), sokontum opens the dashboard for Kon Tum
// 2020: every indicator shows the API's status as the status's colour and
// words; the districts are compared on a case-based indicator, sorted, and
// one of them drilled into; its number opens the list of the cases behind
// it (numerator and denominator), and one case.  Then an aggregate value
// is entered, changed (a reason is asked for) and its history read, and the
// dashboard shows it; a target of the plan is edited (the API's 422 shown
// at its field, then saved) and the dashboard shows the new target.  A
// viewer sees no case links.  Pages are photographed at 1280 px and 360 px
// into /tmp/shots (SHOTS_DIR to change it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Client, cli, startServer } from '../lib/server.mjs';
import { launch, openPage } from './browser.mjs';

const SHOTS = process.env.SHOTS_DIR || '/tmp/shots';
const PASSWORD = 'trogiup-demo-2026';
const KON_TUM = '62';
// The colours of web/src/indicators.css (.ind-status-* .ind-mark).
const COLOURS = {
  on_track: 'rgb(31, 138, 76)', at_risk: 'rgb(210, 154, 11)', off_track: 'rgb(196, 55, 44)', no_target: 'rgb(152, 164, 176)',
};

let server, browser, page, problems, api, dash, catalogue;

// Failures provoked on purpose: the 422 of a target whose baseline year is
// after its year; the 401 of the first GET /me.
const expected = (status, method, url) => status === 401
  || (status === 422 && method === 'PATCH' && /\/api\/v1\/targets\/\d+$/.test(url));

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ users: [] });
  const r = cli(['demo', '--db', server.db]);
  assert.equal(r.status, 0, r.stderr);
  api = new Client(server.url);
  assert.equal((await api.login('sokontum', PASSWORD)).status, 200);
  const d = await api.get(`/api/v1/dashboard?unit=${KON_TUM}&period=2020`);
  assert.equal(d.status, 200, d.text);
  dash = d.json;
  catalogue = (await api.get('/api/v1/indicators')).json.items;
  browser = await launch();
  ({ page, problems } = await openPage(browser, expected));
  await login(page, 'sokontum');
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await server?.stop();
  }
});

async function login(p, username) {
  await p.goto(server.url + '/');
  await p.getByTestId('login-page').waitFor();
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu').fill(PASSWORD);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('topbar').waitFor();
}

const width = (p) => p.evaluate(() => document.documentElement.scrollWidth);

// A screenshot at desktop width and one at 360 px (which must not scroll sideways).
async function shots(p, name) {
  await p.waitForTimeout(300);    // the charts draw after their chunk arrives
  await p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await p.setViewportSize({ width: 360, height: 780 });
  await p.waitForTimeout(300);
  await p.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage: true });
  const w = await width(p);
  await p.setViewportSize({ width: 1280, height: 860 });
  assert.ok(w <= 360, `${name} is ${w} px wide at 360 px`);
}

// "1.200" and "32,5%" as the Vietnamese page writes them.
const vn = (n) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(n);
const vnPct = (n) => `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n)}%`;
const shown = (kind, v) => (kind === 'count' ? vn(v) : vnPct(v));

async function periodLabel(text) {
  await page.getByTestId('dash-period-label').filter({ hasText: text }).waitFor();
}

test('the dashboard of Kon Tum 2020: statuses in colour and words, districts compared, drill-down to the cases', async () => {
  const tracked = dash.indicators.filter((i) => i.status !== 'no_target');
  assert.ok(tracked.length > 0, 'Kon Tum 2020 has indicators with targets');

  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('dashboard-page').waitFor();
  await page.getByTestId('dash-unit-name').filter({ hasText: 'Kon Tum' }).waitFor();
  await page.getByTestId('dash-period-kind').selectOption('year');
  await page.getByTestId('dash-period-year').selectOption('2020');
  await periodLabel('Năm 2020');
  assert.match(await page.evaluate(() => location.hash), /period=2020(&|$)/);

  // Every indicator: its status as the API says, in the status's colour, with words.
  await page.getByTestId(`ind-${dash.indicators[0].code}`).waitFor();
  const rows = await page.locator('tr[data-testid^="ind-"]').evaluateAll((els) => els.map((e) => {
    const tag = e.querySelector('[data-testid="ind-status"]');
    return {
      code: e.dataset.testid.slice(4), status: e.dataset.status, tag: tag.dataset.status, text: tag.textContent.trim(),
      colour: getComputedStyle(tag.querySelector('.ind-mark')).backgroundColor,
    };
  }));
  assert.equal(rows.length, dash.indicators.length);
  const words = { on_track: 'Đạt tiến độ', at_risk: 'Có nguy cơ chậm', off_track: 'Chậm tiến độ', no_target: 'Chưa có chỉ tiêu' };
  for (const i of dash.indicators) {
    const row = rows.find((x) => x.code === i.code);
    assert.ok(row, i.code);
    assert.equal(row.status, i.status, i.code);
    assert.equal(row.tag, i.status, i.code);
    assert.equal(row.colour, COLOURS[i.status], `${i.code} colour`);
    assert.ok(row.text.endsWith(words[i.status]), `${i.code}: ${row.text}`);
  }
  // A tracked indicator: value and target as the API gives them, a trend chart.
  const t0 = tracked.find((i) => typeof i.value === 'number') ?? tracked[0];
  const r0 = page.getByTestId(`ind-${t0.code}`);
  if (typeof t0.value === 'number') assert.equal(await r0.getByTestId('ind-value').innerText(), shown(t0.kind, t0.value));
  assert.match(await r0.getByTestId('ind-target').innerText(), new RegExp(`${vn(t0.target).replace('.', '\\.')}`));
  await r0.getByTestId('ind-trend').locator('canvas').waitFor();
  // The count per status matches the rows.
  for (const s of Object.keys(words)) {
    const n = dash.indicators.filter((i) => i.status === s).length;
    assert.equal(await page.getByTestId(`count-${s}`).locator('.status-count-n').innerText(), String(n), s);
  }
  await shots(page, 'dashboard');

  // The districts compared on the case-based indicator with the most cases.
  const caseBased = dash.indicators.filter((i) => i.case_based);
  const score = (i) => Math.max(0, ...dash.children.map((c) => Number(c.values[i.code]?.numerator) || 0));
  const ind = caseBased.sort((a, b) => score(b) - score(a))[0];
  assert.ok(score(ind) > 0, 'some district has cases behind a case-based indicator in 2020');
  await page.getByTestId(`ind-${ind.code}`).getByTestId('ind-compare').click();
  await page.locator(`[data-testid="compare"][data-indicator="${ind.code}"]`).waitFor();
  await page.getByTestId('compare-chart').locator('canvas').waitFor();
  const childRows = () => page.locator('[data-testid="compare-table"] tbody tr').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(6)));
  assert.equal((await childRows()).length, dash.children.length);
  // Sorted by numerator, largest first: the first row has the most cases.
  await page.getByTestId('sort-numerator').click();
  await page.getByTestId('sort-numerator').click();
  await page.locator('th[aria-sort="descending"] [data-testid="sort-numerator"]').waitFor();
  const top = dash.children.reduce((a, b) => ((Number(b.values[ind.code].numerator) || 0) > (Number(a.values[ind.code].numerator) || 0) ? b : a));
  assert.equal((await childRows())[0], top.code);
  await shots(page, 'dashboard-compare');

  // Drill down into that district.
  await page.getByTestId(`child-${top.code}`).getByTestId('child-link').click();
  await page.getByTestId('dash-unit-name').filter({ hasText: top.name }).waitFor();
  await page.getByTestId(`crumb-${KON_TUM}`).waitFor();
  await periodLabel('Năm 2020');
  const dd = (await api.get(`/api/v1/dashboard?unit=${top.code}&period=2020`)).json;
  const own = dd.indicators.find((i) => i.code === ind.code);
  assert.equal(own.numerator, top.values[ind.code].numerator);
  await page.getByTestId(`ind-${ind.code}`).getByTestId('ind-value').waitFor();

  // The cases behind the number: as many as the numerator, then the denominator's.
  await page.getByTestId(`ind-${ind.code}`).getByTestId('ind-cases').click();
  await page.getByTestId('indicator-cases-page').waitFor();
  await page.getByTestId('icases-unit').filter({ hasText: top.name }).waitFor();
  await page.getByTestId('icases-total').filter({ hasText: `${own.numerator} hồ sơ` }).waitFor();
  assert.equal(await page.getByTestId('icases-list').getByTestId('icase-link').count(), Math.min(own.numerator, 25));
  await shots(page, 'indicator-cases');
  if (own.denominator !== null && own.kind !== 'count') {
    await page.getByTestId('icases-denominator').click();
    await page.getByTestId('icases-total').filter({ hasText: `${own.denominator} hồ sơ` }).waitFor();
    await page.getByTestId('icases-numerator').click();
    await page.getByTestId('icases-total').filter({ hasText: `${own.numerator} hồ sơ` }).waitFor();
  }
  // One case opens (one that is not restricted, so no reason is asked).
  const open = page.locator('[data-testid="icases-list"] tbody tr').filter({ hasNot: page.locator('.tag-restricted') }).first();
  const caseNo = (await open.getByTestId('icase-link').innerText()).trim();
  await open.getByTestId('icase-link').click();
  await page.getByTestId('case-no').filter({ hasText: caseNo }).waitFor();
  await page.goBack();
  await page.getByTestId('indicator-cases-page').waitFor();
  await page.getByTestId('back-dashboard').click();
  await page.getByTestId('dash-unit-name').filter({ hasText: top.name }).waitFor();
  assert.deepEqual(problems, []);
});

test('an aggregate value entered, changed with a reason, its history, and the dashboard shows it', async () => {
  const agg = catalogue.find((i) => i.kind === 'count' && i.numerator_source === 'aggregate');
  assert.ok(agg, 'the catalogue has an aggregate count');
  await page.goto(`${server.url}/#/dashboard?period=2020Q3`);
  await periodLabel('Quý III năm 2020');
  await page.getByTestId('tab-aggregates').click();
  await page.getByTestId('aggregates-page').waitFor();
  assert.equal(await page.getByTestId('agg-period-sub').inputValue(), '3');
  const row = page.getByTestId(`agg-${agg.code}`);
  await row.waitFor();
  assert.equal(await row.getByTestId('agg-num-value').innerText(), 'Chưa nhập');

  await row.getByTestId('agg-edit').click();
  await page.getByTestId('agg-numerator').fill('1.2');
  await page.getByTestId('agg-save').click();
  await page.getByTestId('agg-numerator-error').waitFor();      // whole numbers only
  await page.getByTestId('agg-numerator').fill('1200');
  await page.getByTestId('agg-save').click();
  await page.getByTestId('agg-notice').waitFor();
  await row.getByTestId('agg-num-value').filter({ hasText: '1.200' }).waitFor();

  // A change needs a reason.
  await row.getByTestId('agg-edit').click();
  await page.getByTestId('agg-numerator').fill('1350');
  await page.getByTestId('agg-save').click();
  await page.getByTestId('agg-reason-error').waitFor();
  await page.getByTestId('agg-reason').fill('Cập nhật theo báo cáo quý III của các huyện');
  await shots(page, 'aggregates-change');
  await page.getByTestId('agg-save').click();
  await page.getByTestId('agg-notice').waitFor();
  await row.getByTestId('agg-num-value').filter({ hasText: '1.350' }).waitFor();
  await row.getByTestId('agg-history').click();
  await page.getByTestId('agg-history-item').nth(1).waitFor();
  const items = await page.getByTestId('agg-history-item').allInnerTexts();
  assert.equal(items.length, 2);
  assert.match(items[0], /1\.350/);
  assert.match(items[0], /báo cáo quý III/);
  assert.match(items[1], /1\.200/);
  await shots(page, 'aggregates');

  await page.getByTestId('tab-dashboard').click();
  await periodLabel('Quý III năm 2020');
  await page.getByTestId(`ind-${agg.code}`).getByTestId('ind-value').filter({ hasText: '1.350' }).waitFor();
  assert.deepEqual(problems, []);
});

test('a target of the plan edited: the 422 at its field, then saved, and the dashboard uses it', async () => {
  const ind = dash.indicators.find((i) => i.status !== 'no_target' && i.kind === 'percent' && i.target_year === 2020);
  assert.ok(ind, 'a percent indicator with a 2020 target');
  const plans = (await api.get(`/api/v1/plans?unit=${KON_TUM}`)).json.items.filter((p) => p.unit_code === KON_TUM);
  const plan = plans.find((p) => p.number === '787/KH-UBND');
  assert.ok(plan, 'the demo plan 787/KH-UBND');
  const target = (await api.get(`/api/v1/plans/${plan.id}/targets`)).json.items
    .filter((x) => x.indicator === ind.code && x.year === 2020).sort((a, b) => a.id - b.id)[0];
  assert.ok(target);
  const next = target.target === 95 ? 90 : 95;

  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('tab-plans').click();
  await page.getByTestId('plans-page').waitFor();
  await page.getByTestId(`plan-row-${plan.id}`).getByTestId('plan-link').click();
  await page.getByTestId('plan-page').waitFor();
  await page.getByTestId('plan-number').filter({ hasText: '787/KH-UBND' }).waitFor();
  await page.getByTestId(`plan-project-1`).waitFor();
  const row = page.getByTestId(`target-${target.id}`);
  await row.getByTestId('target-edit').click();
  await page.getByTestId('target-form').waitFor();
  assert.equal(await page.getByTestId('tg-indicator').inputValue(), ind.code);
  await page.getByTestId('tg-target').fill(String(next));
  await page.getByTestId('tg-baseline').fill('10');
  await page.getByTestId('tg-baseline_year').fill('2021');      // after the target's year: the API says no
  await page.getByTestId('target-save').click();
  const err = page.getByTestId('tg-baseline_year-error');
  await err.waitFor();
  assert.match(await err.innerText(), /không được sau năm của chỉ tiêu/);
  await shots(page, 'plan-target-422');
  await page.getByTestId('tg-baseline_year').fill('2017');
  await page.getByTestId('target-save').click();
  await row.getByTestId('target-value').filter({ hasText: `${next}%` }).waitFor();
  await row.filter({ hasText: '10% (2017)' }).waitFor();
  await shots(page, 'plan');

  // The dashboard's target of that indicator is the new one.
  await page.goto(`${server.url}/#/dashboard?period=2020`);
  await periodLabel('Năm 2020');
  await page.getByTestId(`ind-${ind.code}`).getByTestId('ind-target').filter({ hasText: `${next}%` }).waitFor();
  assert.deepEqual(problems, []);
});

test('a viewer reads the dashboard without links to cases, small counts as the API gives them', async () => {
  const s = await openPage(browser, expected);
  try {
    await login(s.page, 'xem.thaibinh');
    await s.page.getByTestId('nav-dashboard').click();
    await s.page.getByTestId('dash-period-year').selectOption('2020');
    await s.page.getByTestId('dash-period-label').filter({ hasText: 'Năm 2020' }).waitFor();
    const v = new Client(server.url);
    await v.login('xem.thaibinh', PASSWORD);
    const d = (await v.get('/api/v1/dashboard?unit=34&period=2020')).json;
    await s.page.getByTestId(`ind-${d.indicators[0].code}`).waitFor();
    assert.equal(await s.page.getByTestId('ind-cases').count(), 0);
    assert.equal(await s.page.getByTestId('nav-cases').count(), 0);
    for (const i of d.indicators) {
      const cell = s.page.getByTestId(`ind-${i.code}`).getByTestId('ind-value');
      if (i.value === '<5') assert.equal(await cell.innerText(), '<5', i.code);
      else if (i.suppressed) assert.equal(await cell.innerText(), 'Ẩn (số nhỏ)', i.code);
    }
    await shots(s.page, 'dashboard-viewer');
    assert.deepEqual(s.problems, []);
  } finally {
    await s.context.close();
  }
});
