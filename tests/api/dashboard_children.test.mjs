// A dashboard's children (GET /dashboard, "children") are computed for all
// the children at once — one statement per record source grouped by child
// unit (src/store/sql.c IND_UNIT_KEY) and one for their case sums — while
// a unit's own numbers come from the statements for that unit alone.  On
// the demo's past years (facilities, residents, trainings,
// communications, units and cases in Kon Tum), every child's numbers must
// be those of its own dashboard, for districts (children of the province)
// and communes (children of a district), on both stores (node --test,
// tests/api/run-pg).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';

const PASSWORD = 'trogiup-demo-2026';
const FIELDS = ['numerator', 'denominator', 'value', 'suppressed', 'status'];
// One indicator of each record source, to prove the comparison is not of
// zeros only.
const SOURCES = {
  facilities: 'p3_trusted_address_models_count',
  trainings: 'p1_sw_workforce_trained_pct',
  communications: 'p3_population_ge_informed_pct',
  units: 'p4_communes_prostitution_communication_pct',
  cases: 'p1_disadvantaged_supported_pct',
};

describe('dashboard children', () => {
  let srv;
  let prov;

  before(async () => {
    srv = await startServer();
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    prov = await loginAs(srv.url, 'sokontum', PASSWORD);
  });
  after(async () => { await stopChecked(srv); });

  async function dashboard(unit) {
    const r = await prov.get(`/api/v1/dashboard?unit=${unit}&period=2020`);
    assertStatus(r, 200);
    return r.json;
  }

  // Every child of unit's dashboard against the child's own dashboard.
  async function childrenAreTheirOwn(unit) {
    const d = await dashboard(unit);
    assert.ok(d.children.length > 0, `${unit} has children`);
    const nonzero = new Set();
    for (const c of d.children) {
      const own = await dashboard(c.code);
      assert.equal(own.unit.code, c.code);
      for (const i of own.indicators) {
        const v = c.values[i.code];
        assert.ok(v, `${unit} child ${c.code} has ${i.code}`);
        for (const f of FIELDS) {
          assert.deepEqual(v[f], i[f], `${unit} child ${c.code} ${i.code}.${f}`);
        }
        if (i.numerator) nonzero.add(i.code);
      }
    }
    return nonzero;
  }

  it('each district of the province has its own numbers', async () => {
    const nonzero = await childrenAreTheirOwn('62');
    for (const [source, code] of Object.entries(SOURCES)) {
      assert.ok(nonzero.has(code), `some district counts ${code} (${source})`);
    }
    assert.ok(nonzero.has('p4_harm_reduction_subunits_pct'), 'some district has communes with harm reduction');
  });

  it('each commune of a district has its own numbers', async () => {
    const nonzero = await childrenAreTheirOwn('608');
    assert.ok(nonzero.size > 0, 'some commune of 608 counts something');
  });
});
