// The exports of a periodic report (docs/reports.md §Exports,
// src/api/report_export.c): GET /reports/ID/export?format=xlsx|csv|pdf|dhis2.
// A commune's (Thị trấn Đắk Tô, 23401) 2020S1 report with a training, an
// aggregate entry, two cases, its district's plan (the budget shows in the
// district's report only), a filled-in header
// and a narrative over several lines; submitted and approved, then
// consolidated into the district's (612) report.  The workbook is read
// back (xlsx_read.mjs), the PDF through pdftotext, the CSV parsed, the
// DHIS2 document compared with the report's JSON.  A viewer's files are
// masked and DHIS2 refused to it; bad formats, unknown reports and
// reports outside the caller's scope are refused.  TROGIUP_REPORT_OUT=dir
// keeps the commune's and the district's XLSX and PDF there to look at.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { ADULT, FACTS } from './cases_helpers.mjs';
import { CSV, M, csv, getBytes } from './budget_helpers.mjs';
import { readXlsx, sharedStrings, sheetNames } from './xlsx_read.mjs';

const USERS = [
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  // Ngọc Lây, a commune of another district (617)
  { username: 'other', role: 'commune', scope: '23404', password: 'other-pass-1' },
];
const WOMAN = { full_name: 'Lê Thị Mai', sex: 'female', birth_year: 1990 };
const WORKFORCE = 'p1_sw_workforce_trained_pct'; // 3 trained / 10 entered
const SUPPORTED = 'p1_disadvantaged_supported_pct'; // two cases, by sex
const NARRATIVE = {
  results: 'Đã tiếp nhận và hỗ trợ các trường hợp khó khăn.\nTổ chức tập huấn cho cán bộ thị trấn.',
  difficulties: 'Thiếu cộng tác viên công tác xã hội.',
  proposals: 'Đề nghị Ủy ban nhân dân huyện bổ sung kinh phí.',
};
const BUDGET = csv(
  'row,parent,label,project,2020:central,2020:local',
  'I,,Dự án 1,1,30,5',
  '1,I,Tập huấn cán bộ,,30,5',
);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_HEADER = ['section', 'code', 'name', 'numerator', 'denominator', 'value', 'target', 'status'];

// RFC 4180 with CRLF or LF; the BOM is the caller's business.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// A number of the report's JSON as the CSV writes it.
const csvNumber = (v) => (v === null || v === undefined ? '' : String(v));

describe('report exports', () => {
  let srv;
  let dir;
  const u = {};
  let commune; // the commune's report JSON (as kcomm reads it)
  let district; // the district's consolidated report JSON

  const exportOf = async (who, id, format) => {
    const r = await getBytes(u[who], `/api/v1/reports/${id}/export?format=${format}`);
    const keep = process.env.TROGIUP_REPORT_OUT;
    if (keep && r.status === 200 && who !== 'viewer' && ['xlsx', 'pdf'].includes(format)) {
      writeFileSync(join(keep, `${id === commune?.id ? 'commune' : 'district'}.${format}`), r.bytes);
    }
    return r;
  };
  const reportOf = async (who, id) => {
    const r = await u[who].get(`/api/v1/reports/${id}`);
    assertStatus(r, 200);
    return r.json;
  };

  before(async () => {
    srv = await startServer({ users: USERS });
    dir = mkdtempSync(join(tmpdir(), 'report-exports-'));
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    // two social assistance cases opened inside 2020S1's window
    for (const person of [ADULT, WOMAN]) {
      assertStatus(await u.kcomm.post('/api/v1/cases', {
        type: 'social_assistance', unit_code: '23401', person, details: FACTS.social_assistance,
        received_at: '2020-03-10T10:00:00+07:00',
      }), 201);
    }
    // three social workers trained in the window, out of the 10 entered
    const codes = (await u.kcomm.get('/api/v1/codes')).json.lists;
    const training = await u.kcomm.post('/api/v1/trainings', {
      title: 'Tập huấn kỹ năng công tác xã hội', topic: codes.training_topic[0].code, starts_on: '2020-03-18',
      ends_on: '2020-03-20', organiser: 'Phòng LĐTBXH', unit_code: '23401', place: 'Hội trường UBND',
    });
    assertStatus(training, 201);
    for (const [name, sex] of [['Nguyễn Thị Hoa', 'female'], ['Y Blông', 'female'], ['A Văn Bình', 'male']]) {
      assertStatus(await u.kcomm.post(`/api/v1/trainings/${training.json.id}/participants`,
        { full_name: name, sex, role: 'sw_official', birth_year: 1988 }), 201);
    }
    const agg = await u.kcomm.req('PUT', '/api/v1/aggregate-values', {
      indicator: WORKFORCE, unit_code: '23401', period: '2020S1', numerator: null, denominator: 10,
    });
    assert.ok([200, 201].includes(agg.status), agg.text);
    // the district's plan governs the commune's report: a target, a budget
    let r = await u.kdist.post('/api/v1/plans', {
      unit_code: '612', number: '45/KH-UBND', issued_on: '2018-05-02', title: 'Kế hoạch trợ giúp xã hội huyện Đắk Tô',
      period_from: 2018, period_to: 2020,
      projects: [{ project: 1, lead_agency: 'Phòng Lao động - Thương binh và Xã hội huyện Đắk Tô', partners: null }],
    });
    assertStatus(r, 201);
    const plan = r.json;
    assertStatus(await u.kdist.post(`/api/v1/plans/${plan.id}/targets`, { indicator: WORKFORCE, year: 2020, target: 60 }), 201);
    assertStatus(await u.kdist.post(`/api/v1/plans/${plan.id}/budget`, BUDGET, CSV), 200);

    r = await u.kcomm.post('/api/v1/reports', { template: 'six_monthly', unit_code: '23401', period: '2020S1' });
    assertStatus(r, 201);
    r = await u.kcomm.patch(`/api/v1/reports/${r.json.id}`, {
      number: '15/BC-UBND', report_date: '2020-06-10', signer_title: 'Chủ tịch',
      signer_name: 'Nguyễn Văn Ánh', narrative: NARRATIVE,
    });
    assertStatus(r, 200);
    const id = r.json.id;
    assertStatus(await u.kcomm.post(`/api/v1/reports/${id}/submit`, {}), 200);
    assertStatus(await u.kdist.post(`/api/v1/reports/${id}/approve`, {}), 200);
    commune = await reportOf('kcomm', id);

    r = await u.kdist.post('/api/v1/reports', { template: 'six_monthly', unit_code: '612', period: '2020S1' });
    assertStatus(r, 201);
    assertStatus(await u.kdist.post(`/api/v1/reports/${r.json.id}/consolidate`, {}), 200);
    district = await reportOf('kdist', r.json.id);
    assert.ok(district.consolidation, 'the district report is consolidated');
  });
  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await stopChecked(srv);
  });

  it('the report has what the exports are checked against', () => {
    const w = commune.data.indicators.find((i) => i.code === WORKFORCE);
    assert.equal(w.numerator, 3);
    assert.equal(w.denominator, 10);
    const s = commune.data.indicators.find((i) => i.code === SUPPORTED);
    assert.ok(s.by_sex, 'by sex');
    assert.equal(commune.status, 'approved');
  });

  it('XLSX: the "Báo cáo" sheet of a government report with the unit, indicators and narrative', async () => {
    const r = await exportOf('kcomm', commune.id, 'xlsx');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), XLSX_TYPE);
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="bao-cao-23401-2020S1.xlsx"');
    assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK');
    const book = readXlsx(r.bytes);
    assert.deepEqual(sheetNames(book), ['Báo cáo']);
    const strings = sharedStrings(book);
    const has = (s) => assert.ok(strings.some((x) => x.includes(s)), `workbook lacks ${s}`);
    has('ỦY BAN NHÂN DÂN');
    has('THỊ TRẤN ĐẮK TÔ');
    has('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    has('Số: 15/BC-UBND');
    has('Đắk Tô, ngày 10 tháng 06 năm 2020');
    has('Kết quả thực hiện kế hoạch trợ giúp xã hội 6 tháng đầu năm 2020');
    has('(Kỳ báo cáo: từ 15/12/2019 đến 14/06/2020)');
    has(WORKFORCE);
    has('Đã tiếp nhận và hỗ trợ các trường hợp khó khăn.');
    has('Tổ chức tập huấn cho cán bộ thị trấn.');
    has(NARRATIVE.proposals);
    has('Nguyễn Văn Ánh');
    // The district's plan governs the commune's report, but its money is the
    // district's (docs/reports.md §Data): no budget table here.
    assert.ok(!strings.some((x) => x.includes('45/KH-UBND')), 'no district budget in the commune report');
    assert.ok(!strings.some((x) => x.includes('DỰ THẢO')), 'an approved report is not a draft');
  });

  it('PDF: pdftotext gives the Vietnamese back intact', async () => {
    const r = await exportOf('kcomm', commune.id, 'pdf');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="bao-cao-23401-2020S1.pdf"');
    assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const file = join(dir, 'commune.pdf');
    writeFileSync(file, r.bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['THỊ TRẤN ĐẮK TÔ', 'Đắk Tô, ngày 10 tháng 06 năm 2020', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BÁO CÁO', '6 tháng đầu năm 2020', 'Tổ chức tập huấn cho cán bộ thị trấn.', 'Nguyễn Văn Ánh',
      'I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU']) {
      assert.ok(text.includes(s), `pdftotext lacks ${s}:\n${text.slice(0, 1500)}`);
    }
  });

  it('CSV: BOM, the header, a row per indicator, budget figure and activity', async () => {
    const r = await exportOf('kcomm', commune.id, 'csv');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="bao-cao-23401-2020S1.csv"');
    assert.deepEqual([...r.bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF]);
    const rows = parseCsv(r.bytes.subarray(3).toString('utf8')).filter((x) => x.length > 1);
    assert.deepEqual(rows[0], CSV_HEADER);
    const body = rows.slice(1);
    assert.ok(body.every((x) => x.length === CSV_HEADER.length), 'every row has the eight columns');
    const section = (name) => body.filter((x) => x[0] === name);
    const indicators = section('indicator');
    assert.deepEqual(indicators.map((x) => x[1]), commune.data.indicators.map((i) => i.code));
    for (const [k, i] of commune.data.indicators.entries()) {
      const x = indicators[k];
      assert.deepEqual([x[2], x[3], x[4], x[5], x[6], x[7]],
        [i.name_vi, csvNumber(i.numerator), csvNumber(i.denominator), csvNumber(i.value), csvNumber(i.target), i.status],
        i.code);
    }
    const w = indicators.find((x) => x[1] === WORKFORCE);
    assert.deepEqual(w.slice(3, 6), ['3', '10', '30']);
    assert.deepEqual(section('budget'), [], 'the district plan\'s money is not the commune\'s');
    const drows = parseCsv((await exportOf('kdist', district.id, 'csv')).bytes.subarray(3).toString('utf8'));
    const budget = Object.fromEntries(drows.filter((x) => x[0] === 'budget').map((x) => [x[1], x[5]]));
    assert.equal(budget.estimate, String(M(35)));
    assert.equal(budget['project_1.estimate'], String(M(35)));
    assert.ok('allocated' in budget && 'spent' in budget);
    const activities = Object.fromEntries(section('activity').map((x) => [x[1], x[5]]));
    assert.deepEqual(activities, Object.fromEntries(Object.entries(commune.data.activities).map(([k, v]) => [k, String(v)])));
    assert.ok(section('activity').every((x) => x[2] !== x[1]), 'activities have Vietnamese names');
    assert.equal(section('consolidation').length, 0, 'a commune consolidates nothing');
  });

  it('DHIS2: a dataValueSets document by code with the values as strings', async () => {
    const r = await u.kcomm.get(`/api/v1/reports/${commune.id}/export?format=dhis2`);
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="bao-cao-23401-2020S1.json"');
    const doc = r.json;
    assert.equal(doc.dataSet, 'TROGIUP_SIX_MONTHLY');
    assert.equal(doc.period, '2020S1');
    assert.equal(doc.orgUnit, '23401');
    assert.equal(doc.idScheme, 'CODE');
    assert.match(doc.completeDate, /^\d{4}-\d\d-\d\d$/, 'submitted: complete');
    assert.ok(Array.isArray(doc.dataValues) && doc.dataValues.length > 0);
    for (const dv of doc.dataValues) {
      const keys = Object.keys(dv);
      for (const k of ['dataElement', 'period', 'orgUnit', 'value']) assert.ok(keys.includes(k), `${k} in ${JSON.stringify(dv)}`);
      assert.ok(keys.every((k) => ['dataElement', 'period', 'orgUnit', 'value', 'attributeOptionCombo', 'comment'].includes(k)),
        JSON.stringify(dv));
      assert.equal(dv.orgUnit, '23401');
      assert.equal(dv.period, '2020S1');
      assert.equal(typeof dv.value, 'string');
      if ('attributeOptionCombo' in dv) assert.ok(['MALE', 'FEMALE'].includes(dv.attributeOptionCombo));
    }
    // one value per indicator that has one, in the report's order
    const totals = doc.dataValues.filter((dv) => !('attributeOptionCombo' in dv));
    const valued = commune.data.indicators.filter((i) => typeof i.value === 'number');
    assert.deepEqual(totals.map((dv) => dv.dataElement), valued.map((i) => i.code));
    for (const [k, i] of valued.entries()) {
      assert.equal(totals[k].value, i.kind === 'count' ? String(i.value) : i.value.toFixed(2), i.code);
    }
    const w = totals.find((dv) => dv.dataElement === WORKFORCE);
    assert.equal(w.value, '30.00');
    assert.equal(w.comment, '3/10');
    // the two cases: one man, one woman
    const sexes = doc.dataValues.filter((dv) => dv.dataElement === SUPPORTED && dv.attributeOptionCombo)
      .map((dv) => dv.attributeOptionCombo).sort();
    assert.deepEqual(sexes, ['FEMALE', 'MALE']);
  });

  it('the district: its consolidation in the files, its own data in DHIS2', async () => {
    const r = await exportOf('kdist', district.id, 'xlsx');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="bao-cao-612-2020S1.xlsx"');
    const strings = sharedStrings(readXlsx(r.bytes));
    for (const s of ['HUYỆN ĐẮK TÔ', 'IV. TỔNG HỢP TỪ CÁC ĐƠN VỊ CẤP DƯỚI', 'V. KẾT QUẢ, KHÓ KHĂN, KIẾN NGHỊ', 'DỰ THẢO', 'Đã duyệt']) {
      assert.ok(strings.some((x) => x.includes(s)), `workbook lacks ${s}`);
    }
    const rows = parseCsv((await exportOf('kdist', district.id, 'csv')).bytes.subarray(3).toString('utf8'));
    // the district's plan's target for 2020
    assert.equal(rows.find((x) => x[0] === 'indicator' && x[1] === WORKFORCE)[6], '60');
    const cons = rows.filter((x) => x[0] === 'consolidation');
    assert.deepEqual(cons.map((x) => x[1]), district.consolidation.indicators.map((i) => i.code));
    const d = (await u.kdist.get(`/api/v1/reports/${district.id}/export?format=dhis2`)).json;
    assert.equal(d.orgUnit, '612');
    assert.ok(!('completeDate' in d), 'a draft is not complete');
    const own = district.data.indicators.filter((i) => typeof i.value === 'number').map((i) => i.code);
    assert.deepEqual(d.dataValues.filter((dv) => !dv.attributeOptionCombo).map((dv) => dv.dataElement), own);
    const w = d.dataValues.find((dv) => dv.dataElement === WORKFORCE && !dv.attributeOptionCombo);
    const mine = district.data.indicators.find((i) => i.code === WORKFORCE);
    if (mine.value !== null) assert.equal(w.value, mine.value.toFixed(2), 'the district\'s own value');
  });

  it('a viewer: masked files, no DHIS2', async () => {
    const seen = await reportOf('viewer', commune.id);
    assert.equal(seen.data.indicators.find((i) => i.code === WORKFORCE).numerator, '<5');
    const r = await exportOf('viewer', commune.id, 'csv');
    assert.equal(r.status, 200);
    const w = parseCsv(r.bytes.subarray(3).toString('utf8')).find((x) => x[1] === WORKFORCE && x[0] === 'indicator');
    assert.equal(w[3], '<5');
    assert.equal(w[4], '10');
    assert.notEqual(w[5], '30', 'a percent over a masked count is not shown');
    const x = await exportOf('viewer', commune.id, 'xlsx');
    assert.equal(x.status, 200);
    assert.ok(sharedStrings(readXlsx(x.bytes)).includes('<5'));
    assert.equal((await exportOf('viewer', commune.id, 'pdf')).status, 200);
    assertError(await u.viewer.get(`/api/v1/reports/${commune.id}/export?format=dhis2`), 403, 'forbidden');
  });

  it('refusals: a missing or unknown format 422, an unknown report or one outside the scope 404', async () => {
    const base = `/api/v1/reports/${commune.id}/export`;
    assertError(await u.kcomm.get(base), 422, 'invalid_field', 'format');
    assertError(await u.kcomm.get(`${base}?format=bogus`), 422, 'invalid_field', 'format');
    assertError(await u.kcomm.get(`${base}?format=XLSX`), 422, 'invalid_field', 'format');
    assertError(await u.kcomm.get('/api/v1/reports/999999/export?format=csv'), 404, 'not_found');
    assertError(await u.other.get(`${base}?format=csv`), 404, 'not_found');
    assertError(await u.other.get(`${base}?format=bogus`), 404, 'not_found');
    assertError(await u.kcomm.get(`/api/v1/reports/${district.id}/export?format=pdf`), 404, 'not_found');
  });
});
