// The demo's plans (issue 6, src/cli/plangen.c): after `trogiup init` and
// `trogiup demo`, Thái Bình, Kon Tum and Tam Đường each hold their seed
// plan with its number, date, period and agencies, and GET
// /plans/ID/targets lists every row of ../shared/domain/targets.csv for
// that plan — indicator, year, target, baseline, baseline year and quote —
// no more, no fewer.  A second `demo` adds nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli, SHARED } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';

const PASSWORD = 'trogiup-demo-2026';

// The seed plans the demo loads: targets.csv's plan key, the unit, the
// demo user of that unit, and what the seed text says of the plan.
const PLANS = [
  { key: 'thai_binh_2017', unit: '34', user: 'sothaibinh', number: '(không ghi số)', from: 2017, to: 2020 },
  { key: 'kon_tum_787_2018', unit: '62', user: 'sokontum', number: '787/KH-UBND', issued_on: '2018-04-03', from: 2018, to: 2020 },
  { key: 'tam_duong_1207_2017', unit: '106', user: 'tamduong', number: '1207/KH-UBND', issued_on: '2017-11-11', from: 2017, to: 2020 },
];

// RFC 4180: quoted fields may hold commas, quotes ("") and newlines.
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
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const num = (s) => (s === '' ? null : Number(s));

// A CSV row as the API answers a target.
const expected = (r) => ({
  indicator: r.indicator,
  year: Number(r.target_year),
  target: Number(r.target),
  baseline: num(r.baseline),
  baseline_year: num(r.baseline_year),
  quote: r.quote === '' ? null : r.quote.normalize('NFC'),
});

describe('demo plans', () => {
  let srv;
  const u = {};
  const rows = parseCsv(readFileSync(join(SHARED, 'domain/targets.csv'), 'utf8'));
  const found = {}; // plan key → plan

  before(async () => {
    srv = await startServer();
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Demo plans: 3 added/);
    for (const p of PLANS) u[p.user] = await loginAs(srv.url, p.user, PASSWORD);
  });
  after(async () => { await stopChecked(srv); });

  it('targets.csv holds the three plans\' rows', () => {
    for (const p of PLANS) {
      assert.ok(rows.filter((r) => r.plan === p.key).length >= 20, p.key);
    }
    assert.equal(rows.length, 102);
  });

  it('each unit holds its seed plan with number, period and agencies for the four projects', async () => {
    for (const p of PLANS) {
      const r = await u[p.user].get(`/api/v1/plans?unit=${p.unit}`);
      assertStatus(r, 200);
      assert.equal(r.json.total, 1, `${p.key}: one plan`);
      const plan = r.json.items[0];
      found[p.key] = plan;
      assert.equal(plan.unit_code, p.unit);
      assert.equal(plan.number, p.number);
      if (p.issued_on) assert.equal(plan.issued_on, p.issued_on);
      assert.equal(plan.period_from, p.from);
      assert.equal(plan.period_to, p.to);
      assert.match(plan.title, /Chương trình mục tiêu phát triển hệ thống trợ giúp xã hội/);
      assert.deepEqual(plan.projects.map((x) => x.project), [1, 2, 3, 4]);
      for (const x of plan.projects) {
        assert.match(x.lead_agency, /Lao động - Thương binh và Xã hội/);
        assert.ok(x.partners.length > 5);
      }
      assert.equal(plan.targets_count, rows.filter((x) => x.plan === p.key).length);
    }
    // Công an tỉnh works on project 4 in Thái Bình, the Sở Y tế on project 2 in Kon Tum
    assert.match(found.thai_binh_2017.projects[3].partners, /Công an tỉnh/);
    assert.match(found.kon_tum_787_2018.projects[1].partners, /Sở Y tế/);
  });

  it('every target of targets.csv for those plans is listed, with quote and baseline', async () => {
    for (const p of PLANS) {
      const plan = found[p.key];
      const r = await u[p.user].get(`/api/v1/plans/${plan.id}/targets`);
      assertStatus(r, 200);
      const got = r.json.items.map(({ indicator, year, target, baseline, baseline_year, quote }) =>
        ({ indicator, year, target, baseline, baseline_year, quote }));
      // the API orders by indicator, year, then the order entered (the CSV's)
      const want = rows.filter((x) => x.plan === p.key).map(expected)
        .map((t, i) => ({ t, i }))
        .sort((a, b) => (a.t.indicator < b.t.indicator ? -1 : a.t.indicator > b.t.indicator ? 1
          : a.t.year - b.t.year || a.i - b.i))
        .map(({ t }) => t);
      assert.deepEqual(got, want, p.key);
    }
    // the seed states some targets twice: both are kept
    const kt = (await u.sokontum.get(`/api/v1/plans/${found.kon_tum_787_2018.id}/targets`)).json.items;
    assert.deepEqual(kt.filter((t) => t.indicator === 'p4_managed_addicts_treated_pct').map((t) => t.target), [70, 60]);
    const base = kt.find((t) => t.indicator === 'p1_residents_per_facility_count');
    assert.equal(base.baseline, 200);
    assert.equal(base.baseline_year, null);
  });

  it('a second demo adds nothing', async () => {
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Demo plans: 0 added .*3 already there/);
    for (const p of PLANS) {
      const l = await u[p.user].get(`/api/v1/plans?unit=${p.unit}`);
      assert.equal(l.json.total, 1);
      assert.equal(l.json.items[0].id, found[p.key].id);
      assert.equal(l.json.items[0].targets_count, found[p.key].targets_count);
    }
  });
});
