// Browser test of the service network (issue 5, docs/network.md).  On a
// fresh database, the district worker of Đắk Tô (612) finds a facility of
// capacity 1 created through the API, admits a child with a case (found by
// name), sees occupancy go to 100 %, admits a second child over capacity
// with the override reason the 409 asks for, discharges the first; records
// a training, adds a participant by hand and uploads a CSV of participants
// (a dry run listing each line's problem, then a clean file imported with
// its progress); records a communication activity in a commune that had
// none and sees that commune turn green in the coverage table.  Then a
// facility user (the demo's coso.kontum) lands on its facility and sees no
// other.  Every new page is photographed at 1280 px and 360 px into
// /tmp/shots (SHOTS_DIR to change it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Client, cli, startServer } from '../lib/server.mjs';
import { launch, openPage } from './browser.mjs';

const SHOTS = process.env.SHOTS_DIR || '/tmp/shots';
const DISTRICT = { username: 'huyen-dakto', full_name: 'Trần Văn Quý', role: 'district', scope: '612', password: 'Lanh-Dao-Huyen-612' };
const FACILITY = 'Trung tâm Bảo trợ xã hội huyện Đắk Tô';
const CHILDREN = [
  { full_name: 'Nguyễn Văn Bình', sex: 'male', birth_year: 2014 },
  { full_name: 'Trần Thị Mai', sex: 'female', birth_year: 2016 },
];

let server, browser, page, problems, facilityId;
const cases = [];

// Failures provoked on purpose: the 409 of an admission over capacity and
// the 422 of a CSV with problems.
const expected = (status, method, url) =>
  (status === 409 && method === 'POST' && /\/facilities\/\d+\/residents$/.test(url))
  || (status === 422 && method === 'POST' && url.includes('/api/v1/imports'))
  || status === 401;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ users: [DISTRICT] });
  const api = new Client(server.url);
  assert.equal((await api.login(DISTRICT.username, DISTRICT.password)).status, 200);
  const f = await api.post('/api/v1/facilities', { name: FACILITY, type: 'fac_children', ownership: 'public',
    unit_code: '612', capacity: 1, address: 'Thị trấn Đắk Tô, huyện Đắk Tô', phone: '0260 3831 234' });
  assert.equal(f.status, 201, f.text);
  facilityId = f.json.id;
  for (const person of CHILDREN) {
    const c = await api.post('/api/v1/cases', { type: 'child_protection', unit_code: '23401', person,
      details: { child_status: 'at_risk' } });
    assert.equal(c.status, 201, c.text);
    cases.push(c.json);
  }
  browser = await launch();
  ({ page, problems } = await openPage(browser, expected));
  await login(page, DISTRICT.username, DISTRICT.password);
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await server?.stop();
  }
});

async function login(p, username, password, url = server.url) {
  await p.goto(url + '/');
  await p.getByTestId('login-page').waitFor();
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu').fill(password);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('topbar').waitFor();
}

const width = (p) => p.evaluate(() => document.documentElement.scrollWidth);

// A screenshot at desktop width and one at 360 px (which must not scroll sideways).
async function shots(p, name) {
  await p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await p.setViewportSize({ width: 360, height: 780 });
  await p.waitForTimeout(150);
  await p.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage: true });
  await p.screenshot({ path: `${SHOTS}/${name}-360-top.png` });
  const w = await width(p);
  await p.setViewportSize({ width: 1280, height: 860 });
  assert.ok(w <= 360, `${name} is ${w} px wide at 360 px`);
}

// Waits until the occupancy panel reads text (the page reloads it after a change).
async function occupancy(text) {
  await page.getByTestId('occupancy-panel').getByTestId('occupancy-text').filter({ hasText: text }).waitFor();
}
async function rows(n) {
  await page.waitForFunction((k) => document.querySelectorAll('[data-testid="participant-row"]').length === k, n);
}

test('admit a child with a case, over capacity with a reason, discharge', async () => {
  await page.getByTestId('nav-facilities').click();
  await page.getByTestId('facility-list').waitFor();
  const row = page.getByTestId(`facility-row-${facilityId}`);
  await row.getByTestId('licence-missing').waitFor();
  await shots(page, 'facilities');

  await row.getByTestId('facility-link').click();
  await page.getByTestId('facility-page').waitFor();
  assert.equal((await page.getByTestId('facility-name').innerText()).trim(), FACILITY);
  await occupancy('0/1 người (0 %)');
  await page.getByTestId('residents-empty').waitFor();

  // The first child: found by name, admitted; the facility is then full.
  await page.getByTestId('admit-open').click();
  await page.getByTestId('ad-case-search').fill('Bình');
  await page.getByTestId(`ad-case-pick-${cases[0].case_no}`).click();
  await page.getByTestId('ad-case-value').filter({ hasText: CHILDREN[0].full_name }).waitFor();
  await page.getByTestId('ad-admission_kind').selectOption('emergency');
  await page.getByTestId('ad-reason').fill('Trẻ bị bạo lực gia đình, cần nơi ở an toàn');
  await page.getByTestId('ad-decided_by').fill('Quyết định số 15/QĐ-UBND của Chủ tịch UBND huyện');
  await shots(page, 'facility-admit');
  await page.getByTestId('admit-save').click();
  await page.getByTestId('facility-notice').filter({ hasText: cases[0].case_no }).waitFor();
  await occupancy('1/1 người (100 %)');
  await page.getByTestId(`resident-${cases[0].case_no}`).getByTestId('resident-name').filter({ hasText: CHILDREN[0].full_name }).waitFor();
  assert.equal(await page.getByTestId('over-capacity-warning').count(), 0);

  // The second child: the server answers 409 over_capacity, the form asks why.
  await page.getByTestId('admit-open').click();
  await page.getByTestId('ad-case-search').fill('Trần Thị Mai');
  await page.getByTestId(`ad-case-pick-${cases[1].case_no}`).click();
  await page.getByTestId('ad-reason').fill('Trẻ mồ côi, không còn người thân chăm sóc');
  await page.getByTestId('ad-decided_by').fill('Phó Chủ tịch UBND huyện Đắk Tô');
  await page.getByTestId('admit-save').click();
  await page.getByTestId('over-capacity-box').waitFor();
  await page.getByTestId('admit-save').click();    // without a reason: asked for one
  await page.getByTestId('ad-over_capacity_reason-error').waitFor();
  await page.getByTestId('ad-over_reason').fill('Chưa có cơ sở nào khác trên địa bàn nhận trẻ trong đêm nay');
  await shots(page, 'facility-over-capacity');
  await page.getByTestId('admit-save').click();
  await page.getByTestId('facility-notice').filter({ hasText: cases[1].case_no }).waitFor();
  await occupancy('2/1 người (200 %)');
  await page.getByTestId('over-capacity-warning').waitFor();
  assert.equal(await page.getByTestId('occupancy-panel').getByTestId('occupancy-bar').getAttribute('data-percent'), '200');
  await shots(page, 'facility-full');

  // The first child goes home.
  await page.getByTestId(`resident-${cases[0].case_no}`).getByTestId('discharge-open').click();
  await page.getByTestId('discharge-form').waitFor();
  await page.getByTestId('dc-reason').selectOption('returned_family');
  await page.getByTestId('dc-decided_by').fill('Giám đốc Trung tâm');
  await page.getByTestId('dc-note').fill('Gia đình đã được hỗ trợ, cam kết chăm sóc');
  await page.getByTestId('discharge-save').click();
  await page.getByTestId('facility-notice').filter({ hasText: cases[0].case_no }).waitFor();
  await occupancy('1/1 người (100 %)');
  assert.equal(await page.getByTestId(`resident-${cases[0].case_no}`).count(), 0);
  await page.getByTestId('residents-all').click();
  await page.getByTestId(`resident-${cases[0].case_no}`).filter({ hasText: 'Trở về gia đình' }).waitFor();
  // The history names both admissions and the discharge.
  const kinds = await page.getByTestId('history-item').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.deepEqual(kinds.filter((k) => k !== 'created' && k !== 'updated').sort(), ['admission', 'admission', 'discharge']);
  await shots(page, 'facility');

  // The list shows the new occupancy.
  await page.getByTestId('nav-facilities').click();
  await page.getByTestId(`facility-row-${facilityId}`).getByTestId('occupancy-text').filter({ hasText: '1/1' }).waitFor();
});

test('a training with participants: one by hand, then a CSV checked and imported', async () => {
  await page.getByTestId('nav-trainings').click();
  await page.getByTestId('trainings-page').waitFor();
  await page.getByTestId('training-add').click();
  await page.getByTestId('training-form').waitFor();
  await page.getByTestId('nt-title').fill('Tập huấn kỹ năng bảo vệ trẻ em cho cán bộ cấp xã');
  await page.getByTestId('nt-topic').selectOption('child_protection');
  await page.getByTestId('nt-organiser').fill('Phòng Lao động - Thương binh và Xã hội huyện Đắk Tô');
  await page.getByTestId('nt-unit_code-value').filter({ hasText: 'Đắk Tô' }).waitFor();
  await shots(page, 'training-new');
  await page.getByTestId('nt-save').click();
  await page.getByTestId('training-page').waitFor();
  await page.getByTestId('participants-empty').waitFor();

  await page.getByTestId('participant-add-open').click();
  await page.getByTestId('pa-full_name').fill('Y Blơng');
  await page.getByTestId('pa-sex').selectOption('female');
  await page.getByTestId('pa-role').selectOption('cp_officer');
  await page.getByTestId('pa-agency').fill('UBND thị trấn Đắk Tô');
  await page.getByTestId('pa-save').click();
  await page.getByTestId('training-notice').filter({ hasText: 'Y Blơng' }).waitFor();
  await page.locator('[data-testid="participant-row"][data-name="Y Blơng"]').waitFor();
  await page.getByTestId('training-participants').filter({ hasText: '1 học viên (1 nữ, 0 nam)' }).waitFor();

  // A file with problems: every line's problem in the table, nothing stored.
  const bad = 'full_name,sex,role,agency\nA Thút,Nam,Cộng tác viên công tác xã hội,Xã Tân Cảnh\nB,x,,Xã Diên Bình\nY Nhi,Nữ,không rõ,Xã Pô Kô\n';
  await page.getByTestId('pimp-file').setInputFiles({ name: 'hoc-vien-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByTestId('pimp-check').click();
  await page.getByTestId('pimp-problems').waitFor();
  const lines = await page.getByTestId('pimp-problem').evaluateAll((els) => els.map((e) => Number(e.dataset.line)));
  assert.ok(lines.includes(3) && lines.includes(4) && !lines.includes(2), `problem lines ${lines}`);
  assert.ok(await page.getByTestId('pimp-start').isDisabled());
  await shots(page, 'training-csv-problems');

  // A clean file: the dry run says so, then the import runs with its progress.
  const good = '\ufefffull_name,sex,role,agency,position,birth_year\n'
    + 'A Thút,Nam,Cộng tác viên công tác xã hội,UBND xã Tân Cảnh,Cộng tác viên,1990\n'
    + 'Nguyễn Thị Hằng,Nữ,cp_officer,UBND xã Diên Bình,Công chức văn hóa - xã hội,1988\n'
    + 'Y Nhi,female,Cán bộ làm công tác bảo vệ trẻ em,UBND xã Pô Kô,,1995\n';
  await page.getByTestId('pimp-file').setInputFiles({ name: 'hoc-vien.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByTestId('pimp-check').click();
  await page.getByTestId('pimp-dry-ok').filter({ hasText: '3 dòng' }).waitFor();
  assert.equal(await page.locator('[data-testid="participant-row"]').count(), 1, 'a dry run stores nothing');
  await page.getByTestId('pimp-start').click();
  await page.getByTestId('pimp-done').filter({ hasText: '3 dòng' }).waitFor();
  await page.locator('[data-testid="participant-row"][data-name="Nguyễn Thị Hằng"]').waitFor();
  await rows(4);
  await page.getByTestId('training-participants').filter({ hasText: '4 học viên (3 nữ, 1 nam)' }).waitFor();
  await shots(page, 'training');

  // One entered by mistake is removed.
  const row = page.locator('[data-testid="participant-row"][data-name="Y Nhi"]');
  await row.getByTestId('participant-remove').click();
  await row.getByTestId('participant-remove-yes').click();
  await page.getByTestId('training-notice').filter({ hasText: 'Y Nhi' }).waitFor();
  await rows(3);

  await page.getByTestId('nav-trainings').click();
  await page.getByTestId('training-list').getByTestId('training-count').filter({ hasText: '3' }).waitFor();
  await shots(page, 'trainings');
});

test('a communication activity turns its commune green in the coverage table', async () => {
  await page.getByTestId('nav-communications').click();
  await page.getByTestId('communications-page').waitFor();
  await page.getByTestId('com-tab-coverage').click();
  await page.getByTestId('coverage-grid').first().waitFor();
  // The district's communes, none covered on a fresh database.
  const open = page.locator('[data-testid^="coverage-"][data-covered="false"]');
  const total = await open.count();
  assert.ok(total >= 2, `${total} communes`);
  assert.equal(await page.locator('[data-testid^="coverage-"][data-covered="true"]').count(), 0);
  assert.equal((await page.getByTestId('coverage-percent').innerText()).trim(), '0 %');
  const code = (await open.nth(1).getAttribute('data-testid')).replace('coverage-', '');
  const name = (await open.nth(1).locator('.cov-name').innerText()).trim();
  await shots(page, 'coverage-before');

  await page.getByTestId('communication-add').click();
  await page.getByTestId('communication-form').waitFor();
  await page.getByTestId('nm-unit_code-search').fill(name);
  await page.getByTestId(`nm-unit_code-pick-${code}`).click();
  await page.getByTestId('nm-topic').selectOption('child_protection');
  await page.getByTestId('nm-kind').selectOption('meeting');
  await page.getByTestId('nm-title').fill('Nói chuyện chuyên đề phòng, chống xâm hại trẻ em');
  await page.getByTestId('nm-reach_female').fill('42');
  await page.getByTestId('nm-reach_male').fill('35');
  await shots(page, 'communication-new');
  await page.getByTestId('nm-save').click();
  await page.getByTestId('communication-list').waitFor();
  await shots(page, 'communications');

  await page.getByTestId('com-tab-coverage').click();
  const cell = page.getByTestId(`coverage-${code}`);
  await page.waitForFunction((c) => document.querySelector(`[data-testid="coverage-${c}"]`)?.dataset.covered === 'true', code);
  assert.match(await cell.innerText(), /1 hoạt động/);
  assert.equal(await page.locator('[data-testid^="coverage-"][data-covered="true"]').count(), 1);
  assert.match(await page.getByTestId('coverage-count').innerText(), new RegExp(`^1/${total} xã`));
  await page.getByTestId('coverage-covered').filter({ hasText: name }).waitFor();
  // Another topic: not covered.
  await page.getByTestId('cov-topic').selectOption('drugs');
  await page.waitForFunction((c) => document.querySelector(`[data-testid="coverage-${c}"]`)?.dataset.covered === 'false', code);
  await page.getByTestId('cov-topic').selectOption('child_protection');
  await page.waitForFunction((c) => document.querySelector(`[data-testid="coverage-${c}"]`)?.dataset.covered === 'true', code);
  await shots(page, 'coverage');
});

test('imports: a dry run, then the import with its progress', async () => {
  await page.getByTestId('nav-imports').click();
  await page.getByTestId('imports-page').waitFor();
  await page.getByTestId('import-kind-facilities').check();
  const csv = 'name,type,ownership,unit_code,capacity,licence_no\n'
    + 'Cơ sở bảo trợ xã hội Hy Vọng,Cơ sở bảo trợ xã hội chăm sóc trẻ em có hoàn cảnh đặc biệt,Cơ sở trợ giúp xã hội ngoài công lập,23401,40,12/GP-SLĐTBXH\n'
    + 'Nhà tạm lánh xã Tân Cảnh,sp_safe_house,public,612,,\n';
  await page.getByTestId('imp-file').setInputFiles({ name: 'co-so.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('imp-check').click();
  await page.getByTestId('imp-dry-ok').waitFor();
  await page.getByTestId('imp-start').click();
  await page.getByTestId('imp-done').filter({ hasText: '2 dòng' }).waitFor();
  await shots(page, 'imports');
  await page.getByTestId('nav-facilities').click();
  await page.getByTestId('facility-list').filter({ hasText: 'Hy Vọng' }).waitFor();
  await page.getByTestId('facility-kind-filter').selectOption('service_point');
  await page.getByTestId('facility-list').filter({ hasText: 'Nhà tạm lánh' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="facility-list"]')?.textContent.includes('Hy Vọng'));
});

test('alternative care and carer pages open', async () => {
  await page.getByTestId('nav-placements').click();
  await page.getByTestId('placements-page').waitFor();
  await shots(page, 'placements');
  await page.getByTestId('carers-link').click();
  await page.getByTestId('carers-page').waitFor();
  await shots(page, 'carers');
  await page.getByTestId('carer-add').click();
  await page.getByTestId('carer-form').waitFor();
  await shots(page, 'carer-new');
  await page.goto(server.url + '/#/placements/new');
  await page.getByTestId('placement-form').waitFor();
  await shots(page, 'placement-new');
  assert.deepEqual(problems, []);
});

test('a facility user lands on its facility and sees no other', async () => {
  // Facility users come from the demo (trogiup user add has no --facility yet).
  const demo = await startServer({ users: [] });
  try {
    const r = cli(['demo', '--db', demo.db]);
    assert.equal(r.status, 0, r.stderr);
    const s = await openPage(browser, (st, m, u) => expected(st, m, u) || (st === 404 && /\/api\/v1\/facilities\/\d+$/.test(u)));
    await login(s.page, 'coso.kontum', 'trogiup-demo-2026', demo.url);
    await s.page.getByTestId('facility-page').waitFor();
    assert.match(await s.page.evaluate(() => location.hash), /^#\/facilities\/\d+$/);
    const own = Number(await s.page.evaluate(() => location.hash.match(/facilities\/(\d+)/)[1]));
    assert.match(await s.page.getByTestId('facility-name').innerText(), /Kon Tum/);
    await s.page.getByTestId('resident-list').waitFor();
    // Facilities and alternative care; no trainings, communications nor imports.
    for (const nav of ['nav-trainings', 'nav-communications', 'nav-imports']) {
      assert.equal(await s.page.getByTestId(nav).count(), 0, nav);
    }
    assert.equal(await s.page.getByTestId('admit-open').count(), 1);
    await shots(s.page, 'facility-user');
    await s.page.getByTestId('nav-facilities').click();
    await s.page.getByTestId('facility-list').waitFor();
    assert.equal(await s.page.locator('[data-testid^="facility-row-"]').count(), 1);
    // Another facility's page is not found.
    const other = await s.page.evaluate(async (id) => (await fetch(`/api/v1/facilities/${id}`)).status, own === 1 ? 2 : 1);
    assert.equal(other, 404);
    await s.context.close();
    assert.deepEqual(s.problems, []);
  } finally {
    await demo.stop();
  }
});
