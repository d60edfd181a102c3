// Browser test of the periodic reports (issue 8, docs/reports.md).  On a
// database with the demo (Kon Tum's plan 787/KH-UBND for 2018–2020 and its
// records) and a district user of Đắk Tô (612), three people work in three
// browsers.  The commune Đắk Tô's (23401, xadakto) inbox reminds it of last
// year's annual report and opens the form on it.  It creates its report
// for the first half of 2020 (the form starts on the current half-year),
// sees the prefilled tables, writes the document's number and its results
// (a save over someone else's newer save is refused with 412 and then made
// on purpose), and submits it.  The district finds it in its inbox and its
// queue and returns it with a reason (the dialog refuses an empty one); the
// commune sees the reason on the draft, writes its difficulties and
// submits again; the district approves it.  The district then creates its
// own report, consolidates it (the approved commune counted, the eight
// other communes marked missing), sees the completeness of its communes
// (1 approved and late, 8 missing) and submits to the province, which finds
// it in its own queue.  The pages are photographed at 1280 px and 360 px
// (no sideways scrolling) into /tmp/shots (SHOTS_DIR).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Client, cli, startServer } from '../lib/server.mjs';
import { launch, openPage } from './browser.mjs';

const SHOTS = process.env.SHOTS_DIR || '/tmp/shots';
const DEMO_PASSWORD = 'trogiup-demo-2026';
const DISTRICT = { username: 'phongdakto', full_name: 'Y Blăng (Phòng LĐ-TB&XH Đắk Tô)', password: 'dakto-district-2026' };
const COMMUNE = '23401';
const SIBLINGS = ['23427', '23428', '23430', '23431', '23434', '23437', '23440', '23443'];
const RETURN_REASON = 'Thiếu đánh giá khó khăn ở mục “Khó khăn, vướng mắc”; đề nghị bổ sung số liệu trẻ em được hỗ trợ.';

let server, browser, commune, district, province, api;

// Failures provoked on purpose: the first GET /me of each browser; the save
// over a newer version (412).
const expected = (status, method, url) => status === 401
  || (status === 412 && method === 'PATCH' && /\/api\/v1\/reports\/\d+$/.test(url));

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ users: [] });
  const d = cli(['demo', '--db', server.db]);
  assert.equal(d.status, 0, d.stderr);
  const u = cli(['user', 'add', '--db', server.db, '--username', DISTRICT.username, '--full-name', DISTRICT.full_name,
    '--role', 'district', '--scope', '612'], `${DISTRICT.password}\n`);
  assert.equal(u.status, 0, u.stderr);
  api = new Client(server.url);
  assert.equal((await api.login('xadakto', DEMO_PASSWORD)).status, 200);
  browser = await launch();
  commune = await openPage(browser, expected);
  district = await openPage(browser, expected);
  province = await openPage(browser, expected);
  await login(commune.page, 'xadakto', DEMO_PASSWORD);
  await login(district.page, DISTRICT.username, DISTRICT.password);
  await login(province.page, 'sokontum', DEMO_PASSWORD);
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
  // What sticks out, to say in the failure.
  const out = await p.evaluate(() => [...document.querySelectorAll('.content *')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 && e.tagName !== 'THEAD' && !e.closest('thead')).slice(-3)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.dataset.testid ?? ''}`));
  await p.setViewportSize({ width: 1280, height: 860 });
  assert.ok(w <= 360, `${name} is ${w} px wide at 360 px: ${out.join(', ')}`);
}

const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();
// A tag's words without its mark (✓ ! ✕ –, shown beside the colour).
const tagText = async (loc) => (await text(loc)).replace(/^[✓!✕–] ?/, '');
const status = (p) => p.getByTestId('report-page').getAttribute('data-status');
async function waitStatus(p, s) {
  await p.locator(`[data-testid="report-page"][data-status="${s}"]`).waitFor();
}

// The current half-year in Vietnam, as the create form's default.
function currentHalfTitle() {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  return `Báo cáo 6 tháng ${now.getUTCMonth() < 6 ? 'đầu' : 'cuối'} năm ${now.getUTCFullYear()}`;
}

// Creates the caller's report for the first half of 2020 from the list page.
async function create2020S1(p) {
  await p.getByTestId('nav-reports').click();
  await p.getByTestId('reports-page').waitFor();
  await p.getByTestId('rep-create-open').click();
  await p.getByTestId('rep-create').waitFor();
  assert.equal(await text(p.getByTestId('rc-title')), currentHalfTitle(), 'starts on the current half-year');
  assert.equal(await p.getByTestId('rc-template').inputValue(), 'six_monthly');
  await p.getByTestId('rc-year').selectOption('2020');
  await p.getByTestId('rc-half').selectOption('1');
  assert.equal(await text(p.getByTestId('rc-title')), 'Báo cáo 6 tháng đầu năm 2020');
  await p.getByTestId('rc-save').click();
  await p.getByTestId('report-page').waitFor();
  assert.equal(await text(p.getByTestId('rep-title')), 'Báo cáo 6 tháng đầu năm 2020');
  return Number(/#\/reports\/(\d+)/.exec(p.url())[1]);
}

let communeReport, districtReport;

test('the commune’s inbox reminds it of last year’s annual report and opens the form for it', async () => {
  const p = commune.page;
  const last = new Date(Date.now() + 7 * 3600 * 1000).getUTCFullYear() - 1;
  await p.getByTestId('nav-inbox').click();
  const item = p.locator(`[data-testid="inbox-item-report_due"][data-period="${last}"]`);
  await item.filter({ hasText: 'Thị trấn Đắk Tô' }).waitFor();   // the unit's name asked for
  assert.equal(await item.getAttribute('data-report'), '', 'not created yet');
  assert.match(await text(item), new RegExp(`Báo cáo năm ${last} Thị trấn Đắk Tô .*Hạn nộp 15/12/${last} · quá hạn \\d+ ngày`));
  await shots(p, 'reports-inbox-commune');
  await item.getByTestId('inbox-report-open').click();
  await p.getByTestId('rep-create').waitFor();
  assert.equal(await p.getByTestId('rc-template').inputValue(), 'annual');
  assert.equal(await p.getByTestId('rc-year').inputValue(), String(last));
  assert.equal(await text(p.getByTestId('rc-title')), `Báo cáo năm ${last}`);
});

test('the commune creates its report, writes it (412 explained, then saved) and submits it', async () => {
  const p = commune.page;
  communeReport = await create2020S1(p);
  await waitStatus(p, 'draft');
  assert.equal(await p.getByTestId('rep-status').getAttribute('data-status'), 'draft');
  assert.equal(await text(p.getByTestId('rep-status')), 'Dự thảo');
  // 15 June 2020 has passed: not submitted, so missing.
  assert.equal(await p.getByTestId('rep-timeliness').getAttribute('data-timeliness'), 'missing');
  assert.equal(await tagText(p.getByTestId('rep-timeliness')), 'Chưa nộp');
  assert.match(await text(p.getByTestId('rep-due')), /^15\/06\/2020 quá hạn \d+ ngày$/);
  assert.match(await text(p.getByTestId('rep-window')), /Số liệu từ 15\/12\/2019 đến 14\/06\/2020 \(theo Nghị định 09\/2019\/NĐ-CP\)/);
  // The prefilled tables: indicators with the dashboard's status tag, budget, activities.
  const inds = p.locator('[data-testid="rep-indicators"] tr[data-testid^="rep-ind-"]');
  assert.ok(await inds.count() > 0, 'indicator rows');
  const first = inds.first();
  assert.match(await first.getByTestId('ind-status').getAttribute('data-status'), /^(on_track|at_risk|off_track|no_target)$/);
  await p.getByTestId('rep-budget').waitFor();
  await p.getByTestId('rep-activity-cases_opened').waitFor();
  assert.equal(await p.getByTestId('rep-consolidation').count(), 0, 'a commune consolidates nothing');
  for (const f of ['rep-export-xlsx', 'rep-export-pdf', 'rep-export-csv', 'rep-export-dhis2']) {
    assert.match(await p.getByTestId(f).getAttribute('href'), new RegExp(`^/api/v1/reports/${communeReport}/export\\?format=`));
  }
  const csv = await api.get(`/api/v1/reports/${communeReport}/export?format=csv`);
  assert.equal(csv.status, 200, 'the export link answers');

  // The document's number, saved.
  await p.getByTestId('rf-number').fill('12/BC-UBND');
  await p.getByTestId('rep-dirty').first().waitFor();
  await p.getByTestId('rep-save').first().click();
  await p.getByTestId('rep-saved').first().waitFor();
  assert.equal((await api.get(`/api/v1/reports/${communeReport}`)).json.number, '12/BC-UBND');

  // Someone else saves the signer meanwhile: the results typed here are
  // refused with 412, explained, then saved over on purpose.
  const other = await api.patch(`/api/v1/reports/${communeReport}`, { signer_name: 'Nguyễn Văn Hùng' });
  assert.equal(other.status, 200, other.text);
  await p.getByTestId('rf-results').fill('Hoàn thành 8/10 chỉ tiêu của kỳ; 40 trẻ em được hỗ trợ.');
  await p.getByTestId('rep-save').last().click();
  await p.getByTestId('rep-stale').waitFor();
  assert.match(await text(p.getByTestId('rep-stale')), /Người khác vừa sửa báo cáo này/);
  await p.getByTestId('rep-overwrite').click();
  await p.getByTestId('rep-saved').first().waitFor();
  assert.equal(await p.getByTestId('rep-stale').count(), 0);
  const saved = (await api.get(`/api/v1/reports/${communeReport}`)).json;
  assert.equal(saved.narrative.results, 'Hoàn thành 8/10 chỉ tiêu của kỳ; 40 trẻ em được hỗ trợ.');
  assert.equal(saved.signer_name, 'Nguyễn Văn Hùng', 'only the changed field was sent');
  await shots(p, 'report-commune-draft');

  // Submit asks first.
  await p.getByTestId('rep-submit').click();
  await p.getByTestId('rep-submit-confirm').click();
  await waitStatus(p, 'submitted');
  assert.equal(await text(p.getByTestId('rep-notice')), 'Đã nộp báo cáo.');
  assert.equal(await text(p.getByTestId('rep-status')), 'Đã nộp, chờ duyệt');
  assert.equal(await p.getByTestId('rep-timeliness').getAttribute('data-timeliness'), 'late');
  await p.getByTestId('rep-locked').waitFor();
  assert.equal(await p.getByTestId('rf-results').count(), 0, 'locked: no inputs');
  assert.equal(await text(p.getByTestId('rv-results')), 'Hoàn thành 8/10 chỉ tiêu của kỳ; 40 trẻ em được hỗ trợ.');
  assert.equal(await p.getByTestId('rep-actions').count(), 0, 'the commune may do nothing more');

  // The list shows it with its tags and due date.
  await p.getByTestId('rep-back').click();
  const row = p.getByTestId(`rep-row-${communeReport}`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'submitted');
  assert.equal(await row.getByTestId('rep-timeliness').getAttribute('data-timeliness'), 'late');
  assert.match(await text(row.getByTestId('rep-due')), /^15\/06\/2020/);
  await shots(p, 'reports-commune-list');
});

test('the district returns it with a reason from its queue', async () => {
  const p = district.page;
  // The inbox names it first.
  await p.getByTestId('nav-inbox').click();
  const item = p.locator(`[data-testid="inbox-item-report_review"][data-report="${communeReport}"]`);
  await item.filter({ hasText: 'Thị trấn Đắk Tô' }).waitFor();
  assert.match(await text(item), /Báo cáo 6 tháng đầu năm 2020 Thị trấn Đắk Tô Nộp lúc \d{2}\/\d{2}\/\d{4}/);
  assert.equal(await item.getByTestId('inbox-report-open').getAttribute('href'), `#/reports/${communeReport}`);
  await p.getByTestId('nav-reports').click();
  await p.getByTestId('rep-tab-queue').click();
  const row = p.getByTestId(`rep-row-${communeReport}`);
  await row.filter({ hasText: 'Thị trấn Đắk Tô' }).waitFor();
  await shots(p, 'reports-district-queue');
  await row.getByTestId('rep-review').click();
  await waitStatus(p, 'submitted');
  assert.equal(await p.getByTestId('rep-submit').count(), 0, 'the district does not submit the commune’s report');
  await p.getByTestId('rep-approve').waitFor();

  await p.getByTestId('rep-return').click();
  const dialog = p.getByTestId('rep-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => d.open), true);
  await p.getByTestId('rep-comment-confirm').click();
  assert.equal(await text(p.getByTestId('rep-comment-error')), 'Hãy nhập lý do.');
  assert.equal(await status(p), 'submitted', 'nothing sent without a reason');
  await p.getByTestId('rep-comment').fill(RETURN_REASON);
  await shots(p, 'report-return-dialog');
  await p.getByTestId('rep-comment-confirm').click();
  await waitStatus(p, 'draft');
  assert.equal(await p.getByTestId('rep-dialog').count(), 0);
  assert.equal(await text(p.getByTestId('rep-notice')), 'Đã trả lại báo cáo cho đơn vị.');
  assert.equal(await p.getByTestId('rep-readonly').count(), 1, 'a draft of a commune is read-only for the district');
  assert.equal(await p.getByTestId('rf-results').count(), 0);
  const ev = p.locator('[data-testid="rep-event"][data-transition="return"]');
  assert.equal(await text(ev.getByTestId('rep-event-comment')), `Lý do: ${RETURN_REASON}`);
});

test('the commune sees the reason, completes the report and submits again; the district approves', async () => {
  const p = commune.page;
  await p.goto(`${server.url}/#/reports/${communeReport}`);
  await p.reload();
  await waitStatus(p, 'draft');
  const box = p.getByTestId('rep-returned');
  await box.waitFor();
  assert.equal(await text(p.getByTestId('rep-returned-comment')), RETURN_REASON);
  assert.match(await text(box), /Báo cáo bị trả lại để chỉnh sửa/);
  assert.match(await text(box), /Y Blăng \(Phòng LĐ-TB&XH Đắk Tô\) trả lại lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  // Still late: the deadline counts the first submission.
  assert.equal(await p.getByTestId('rep-timeliness').getAttribute('data-timeliness'), 'late');
  assert.equal(await p.getByTestId('rf-results').inputValue(), 'Hoàn thành 8/10 chỉ tiêu của kỳ; 40 trẻ em được hỗ trợ.');
  await p.getByTestId('rf-difficulties').fill('Địa bàn rộng, giao thông khó khăn vào mùa mưa; thiếu cộng tác viên ở 3 thôn.');
  await shots(p, 'report-commune-returned');
  // Submitting saves what was typed first.
  await p.getByTestId('rep-submit').click();
  await p.getByTestId('rep-submit-confirm').click();
  await waitStatus(p, 'submitted');
  assert.equal(await text(p.getByTestId('rv-difficulties')), 'Địa bàn rộng, giao thông khó khăn vào mùa mưa; thiếu cộng tác viên ở 3 thôn.');
  assert.equal(await p.getByTestId('rep-returned').count(), 0);

  const d = district.page;
  await d.goto(`${server.url}/#/reports?view=queue`);
  await d.getByTestId(`rep-row-${communeReport}`).getByTestId('rep-review').click();
  await waitStatus(d, 'submitted');
  await d.getByTestId('rep-approve').click();
  await waitStatus(d, 'approved');
  assert.equal(await text(d.getByTestId('rep-notice')), 'Đã duyệt báo cáo.');
  assert.equal(await text(d.getByTestId('rep-status')), 'Đã duyệt');
  await d.getByTestId('rep-reopen').waitFor();
  assert.deepEqual(await d.getByTestId('rep-event').evaluateAll((els) => els.map((e) => e.dataset.transition).filter((x) => x !== 'refresh' && x !== 'consolidate')),
    ['approve', 'submit', 'return', 'submit', 'create']);
  await shots(d, 'report-approved');
});

test('the district consolidates its own report, sees its communes’ completeness and submits to the province', async () => {
  const p = district.page;
  districtReport = await create2020S1(p);
  await waitStatus(p, 'draft');
  assert.equal(await p.getByTestId('rep-cons-none').count(), 1);
  await p.getByTestId('rep-consolidate').click();
  await p.getByTestId('rep-cons-children').waitFor();
  assert.equal(await text(p.getByTestId('rep-notice')), 'Đã tổng hợp báo cáo của các đơn vị cấp dưới.');
  assert.equal(await p.getByTestId(`rep-cons-child-${COMMUNE}`).getAttribute('data-missing'), 'false');
  for (const c of SIBLINGS) assert.equal(await p.getByTestId(`rep-cons-child-${c}`).getAttribute('data-missing'), 'true', c);
  assert.equal(await p.getByTestId('rep-cons-missing').getAttribute('data-n'), String(SIBLINGS.length));
  assert.match(await text(p.getByTestId('rep-consolidation')), /1\/9 đơn vị có báo cáo đã duyệt/);
  assert.ok(await p.locator('[data-testid="rep-cons-indicators"] tr[data-testid^="rep-cons-ind-"]').count() > 0);
  await shots(p, 'report-district-consolidated');

  // The completeness of its communes for the period.
  await p.goto(`${server.url}/#/reports?view=completeness&period=2020S1`);
  const comp = p.getByTestId('rep-completeness');
  await comp.waitFor();
  const n = async (k) => Number(await p.getByTestId(`rep-count-${k}`).getAttribute('data-n'));
  assert.equal(await n('approved'), 1);
  assert.equal(await n('none'), SIBLINGS.length);
  assert.equal(await n('late'), 1);
  assert.equal(await n('missing'), SIBLINGS.length);
  const mine = p.getByTestId(`rep-comp-${COMMUNE}`);
  assert.equal(await mine.getAttribute('data-status'), 'approved');
  assert.equal(await mine.getAttribute('data-timeliness'), 'late');
  assert.equal(await p.getByTestId(`rep-comp-${SIBLINGS[0]}`).getAttribute('data-timeliness'), 'missing');
  assert.equal(await tagText(p.getByTestId(`rep-comp-${SIBLINGS[0]}`).getByTestId('rep-timeliness')), 'Chưa nộp');
  await shots(p, 'reports-completeness');
  await mine.getByTestId('rep-comp-open').click();
  await waitStatus(p, 'approved');
  assert.equal(Number(/#\/reports\/(\d+)/.exec(p.url())[1]), communeReport);

  await p.goto(`${server.url}/#/reports/${districtReport}`);
  await waitStatus(p, 'draft');
  await p.getByTestId('rep-submit').click();
  await p.getByTestId('rep-submit-confirm').click();
  await waitStatus(p, 'submitted');
  // The consolidation is frozen with it.
  assert.equal(await p.getByTestId(`rep-cons-child-${COMMUNE}`).getAttribute('data-missing'), 'false');

  const v = province.page;
  await v.getByTestId('nav-reports').click();
  await v.getByTestId('rep-tab-queue').click();
  const row = v.getByTestId(`rep-row-${districtReport}`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-unit'), '612');
  assert.equal(await v.getByTestId(`rep-row-${communeReport}`).count(), 0, 'a province does not approve a commune');
  await row.getByTestId('rep-review').click();
  await waitStatus(v, 'submitted');
  await v.getByTestId('rep-approve').waitFor();

  // English labels the page.
  await v.getByTestId('lang-en').click();
  assert.equal(await text(v.getByTestId('rep-title')), 'Report for the first half of 2020');
  assert.equal(await text(v.getByTestId('rep-status')), 'Submitted, awaiting approval');
  await v.getByTestId('lang-vi').click();
  assert.equal(await text(v.getByTestId('rep-title')), 'Báo cáo 6 tháng đầu năm 2020');
});

test('no unexpected errors in any browser', () => {
  for (const [who, b] of [['commune', commune], ['district', district], ['province', province]]) {
    assert.deepEqual(b.problems, [], who);
  }
});
