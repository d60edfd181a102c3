// Crash safety (issue 10 §3): the real server is killed with SIGKILL at a
// random moment while several clients write at once — cases, case events,
// an aggregate value, a plan's budget replaced whole, a synchronous and an
// asynchronous CSV import of trainings — then started again on the same
// database, and the test checks that
//   * every acknowledged write (a 2xx answer read before the kill) is
//     there, and a write whose answer never came is there whole or not at
//     all;
//   * no half-import is visible: an import's rows are all present or none
//     (docs/network.md: one transaction), and an async job's status says
//     which (done ⇔ all rows, failed/cancelled ⇔ none);
//   * the audit log matches the data: every stored case, event, aggregate
//     value, budget version and import has its entry, and no entry names a
//     record that is not there (docs/cases.md §Audit actions: each entry is
//     written in its record's transaction).
//
// One server per round on one database for the whole run, so a later
// round also proves the earlier rounds' data survived further crashes.
// CRASH_ROUNDS (default 20; 10 under the ASan build) and CRASH_SEED (default
// random, printed first) replay a run: the seed fixes the kill delays and
// import sizes, though not the exact instant each request reaches the
// server.  In the PostgreSQL run (tests/api/run-pg) the same rounds kill
// trogiup on a PostgreSQL database: the server process dies, the cluster
// does not, and every acknowledged commit must be there.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, WEB_DIST, Client, cli, freshDatabase, PG } from '../lib/server.mjs';
import { assertStatus, loginAs, sleep } from './helpers.mjs';
import { periodsNow } from './indicator_helpers.mjs';

const ROUNDS = Number(process.env.CRASH_ROUNDS || (process.env.TROGIUP_SANITIZED ? 10 : 20));
const SEED = Number(process.env.CRASH_SEED || Math.floor(Math.random() * 2 ** 31));
console.log(`# crash test: ${ROUNDS} rounds on ${PG ? 'PostgreSQL' : 'SQLite'}, CRASH_SEED=${SEED}`);

const USERS = [
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
];
const CHILD = { sex: 'female', birth_date: '2014-05-06' };
const AGG = { indicator: 'p2_districts_cp_plan_pct', unit_code: '612', period: periodsNow().YEAR };
const AGG_DEN = 1_000_000_000;
const TRAINING_HEADER = 'title,topic,starts_on,ends_on,unit_code,organiser,place,note';

// mulberry32: small, seeded, good enough to pick delays and sizes.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

// `serve` on db; its own spawn (not startServer) so that it can be killed
// and started again on the same file.
async function serve(db) {
  const listen = `127.0.0.1:${await freePort()}`;
  const child = spawn(BIN, ['serve', '--db', db, '--listen', listen, '--web', WEB_DIST],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://${listen}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log}`);
    await sleep(20);
  }
  return { url, child, exited, log: () => log };
}

// A training title no other import's title contains, and what ?q= finds.
const importTag = (round, kind) => `crashr${String(round).padStart(4, '0')}${kind}`;
function trainingsCsv(tag, n) {
  const lines = [TRAINING_HEADER];
  for (let i = 0; i < n; i++) lines.push(`Tập huấn ${tag} số ${i},sw_skills,2026-03-02,2026-03-04,62,Sở LĐTBXH,Kon Tum,`);
  return `${lines.join('\r\n')}\r\n`;
}
const budgetCsv = (k) => `row,label,2018:central\n1,Mục kiểm thử ${k},${k}\n`;

describe(`crash safety: SIGKILL during writes, ${ROUNDS} rounds (seed ${SEED})`, () => {
  let dir, db, srv, fresh;
  const u = {};
  let planId;
  // What the clients know across rounds.
  const acked = { cases: new Set(), events: 0, imports: 0, writes: 0 };
  const agg = { lastAcked: 0, lastSent: 0 };
  const budget = { ackedVersion: 0, ackedK: 0, lastSent: 0 };
  const imports = []; // {tag, rows, present} once verified
  let kills = 0, midImport = 0;

  const pointAt = (url) => { for (const c of Object.values(u)) c.url = url; };

  // Every page of a list endpoint.
  async function all(who, path) {
    const items = [];
    for (let page = 1; ; page++) {
      const r = await who.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&page_size=200`);
      assertStatus(r, 200);
      items.push(...r.json.items);
      if (r.json.items.length < 200) return items;
    }
  }
  const audit = (action, since) => all(u.auditor, `/api/v1/audit?action=${action}${since ? `&since=${since}` : ''}`);
  const trainingsTagged = async (tag) => {
    const r = await u.prov.get(`/api/v1/trainings?unit=62&q=${tag}&page_size=1`);
    assertStatus(r, 200);
    return r.json.total;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trogiup-crash-'));
    fresh = freshDatabase(dir);
    db = fresh.db;
    for (const x of USERS) {
      const args = ['user', 'add', '--db', db, '--username', x.username, '--full-name', x.username, '--role', x.role];
      if (x.scope) args.push('--scope', x.scope);
      const r = cli(args, `${x.password}\n`);
      assert.equal(r.status, 0, r.stderr);
    }
    srv = await serve(db);
    // Sessions live in the database, so these logins outlast every restart.
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    const p = await u.prov.post('/api/v1/plans', {
      unit_code: '62', number: '1/KH-CRASH', issued_on: '2018-04-03',
      title: 'Kế hoạch kiểm thử sự cố', period_from: 2018, period_to: 2020,
    });
    assertStatus(p, 201);
    planId = p.json.id;
  });

  after(async () => {
    if (srv && srv.child.exitCode === null) {
      srv.child.kill('SIGTERM');
      await srv.exited;
      assert.doesNotMatch(srv.log(), /AddressSanitizer|LeakSanitizer|runtime error:/, srv.log().slice(-4000));
      assert.equal(srv.child.exitCode, 0, `serve exit code on SIGTERM; log tail:\n${srv.log().slice(-2000)}`);
    }
    console.log(`# crash test: ${kills} kills (${midImport} with an import running), ` +
      `${acked.writes} acknowledged writes checked (${acked.cases.size} cases, ${acked.events} events, ` +
      `${acked.imports} imports), CRASH_SEED=${SEED}`);
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (fresh) fresh.drop();
  });

  // The writers of one round: each loops until the server dies; a write
  // counts only when its 2xx answer arrived.  Anything else while the
  // server is alive fails the round.
  async function writeUntilKilled(round, state) {
    const unexpected = [];
    const alive = () => !state.killed;
    const note = (what, r) => { if (alive()) unexpected.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`); };
    const loop = async (step) => {
      try {
        while (alive()) if ((await step()) === false) break;
      } catch { /* the connection died with the server */ }
    };
    let caseNo = 0;
    const caseWriter = () => loop(async () => {
      const r = await u.kcomm.post('/api/v1/cases', {
        type: 'child_protection', unit_code: '23401', details: { child_status: 'at_risk' },
        person: { ...CHILD, full_name: `Trẻ kiểm thử r${round} c${caseNo++}` },
      });
      if (r.status !== 201) return note('case', r);
      acked.cases.add(r.json.id);
      state.cases.push(r.json.id);
      acked.writes++;
    });
    const eventWriter = () => loop(async () => {
      if (state.cases.length === 0) { await sleep(2); return true; }
      const id = state.cases[Math.floor(Math.random() * state.cases.length)];
      const r = await u.kcomm.post(`/api/v1/cases/${id}/events`, { kind: 'note', text: `Ghi chú r${round}` });
      if (r.status !== 201) return note('event', r);
      state.events.push({ case: id, id: r.json.id });
      acked.events++;
      acked.writes++;
    });
    const aggWriter = () => loop(async () => {
      const n = ++agg.lastSent;
      const r = await u.kdist.req('PUT', '/api/v1/aggregate-values',
        { ...AGG, numerator: n, denominator: AGG_DEN, reason: 'Kiểm thử sự cố' });
      if (r.status !== 200 && r.status !== 201) return note('aggregate', r);
      agg.lastAcked = n;
      acked.writes++;
    });
    const budgetWriter = () => loop(async () => {
      const k = ++budget.lastSent;
      const r = await u.prov.post(`/api/v1/plans/${planId}/budget`, budgetCsv(k), { 'content-type': 'text/csv; charset=utf-8' });
      if (r.status !== 200) return note('budget', r);
      budget.ackedVersion = r.json.version;
      budget.ackedK = k;
      acked.writes++;
    });
    // Each import starts at its own moment of the round, so that some
    // kills land while it is checking, storing or committing.
    const syncImport = () => loop(async () => {
      const { tag, rows, at } = state.sync;
      await sleep(at);
      if (!alive()) return false;
      state.sync.sent = true;
      const r = await u.prov.post('/api/v1/imports?kind=trainings&tree=2024', trainingsCsv(tag, rows),
        { 'content-type': 'text/csv; charset=utf-8' });
      if (r.status !== 201) return note('sync import', r);
      assert.equal(r.json.stored, rows);
      state.sync.acked = true;
      acked.imports++;
      acked.writes++;
      return false;
    });
    const asyncImport = () => loop(async () => {
      const { tag, rows, at } = state.async;
      await sleep(at);
      if (!alive()) return false;
      const r = await u.prov.post('/api/v1/imports?kind=trainings&tree=2024&async=true', trainingsCsv(tag, rows),
        { 'content-type': 'text/csv; charset=utf-8' });
      if (r.status !== 202) return note('async import', r);
      state.async.id = r.json.id;
      for (;;) {
        const j = await u.prov.get(`/api/v1/imports/${r.json.id}`);
        if (j.status !== 200) return note('import job', j);
        if (j.json.status !== 'running') {
          state.async.seen = j.json.status;
          if (j.json.status === 'done') { acked.imports++; acked.writes++; }
          return false;
        }
        await sleep(5);
      }
    });
    await Promise.all([caseWriter(), caseWriter(), eventWriter(), aggWriter(), budgetWriter(),
      syncImport(), asyncImport()]);
    return unexpected;
  }

  async function verify(round, state) {
    // Cases: the stored ones are exactly those with a case_create entry,
    // and every acknowledged one is among them.
    const cases = new Set((await all(u.kcomm, '/api/v1/cases?unit=23401')).map((c) => c.id));
    const created = new Set((await audit('case_create')).map((e) => Number(e.target.replace(/^case:/, ''))));
    for (const id of acked.cases) assert.ok(cases.has(id), `acknowledged case ${id} is lost`);
    assert.deepEqual([...cases].sort((a, b) => a - b), [...created].sort((a, b) => a - b),
      'stored cases and case_create audit entries differ');

    // Events of this round's cases (written only this round): the notes
    // in each history are exactly the case_event_add entries naming them,
    // and no entry names a case that is not stored.
    const audited = new Map();
    for (const e of await audit('case_event_add', state.since)) {
      const id = Number(e.target.replace(/^case:/, ''));
      if (!audited.has(id)) audited.set(id, new Set());
      audited.get(id).add(e.detail.event);
    }
    const mine = new Set([...state.cases, ...[...created].filter((id) => !state.known.has(id))]);
    for (const id of mine) {
      const h = await u.kcomm.get(`/api/v1/cases/${id}/history`);
      assertStatus(h, 200);
      const notes = h.json.items.filter((e) => e.kind === 'note').map((e) => e.id).sort((a, b) => a - b);
      assert.deepEqual(notes, [...(audited.get(id) ?? [])].sort((a, b) => a - b),
        `case ${id}: notes and case_event_add entries differ`);
      for (const ev of state.events.filter((x) => x.case === id)) {
        assert.ok(notes.includes(ev.id), `acknowledged event ${ev.id} of case ${id} is lost`);
      }
    }
    // (The `since` window may reach into the previous round.)
    for (const id of audited.keys()) assert.ok(cases.has(id), `case_event_add names case ${id}, which is not stored`);

    // The aggregate value: the last acknowledged one or the one in flight;
    // its history and the audit log list the same numerators.
    const a = await u.kdist.get(`/api/v1/aggregate-values?unit=612&period=${AGG.period}&indicator=${AGG.indicator}`);
    assertStatus(a, 200);
    // (None yet when the first write was cut: value 0.)
    assert.ok(a.json.items.length <= 1, 'one aggregate entry at most');
    if (a.json.items.length === 1) {
      const value = a.json.items[0].numerator;
      assert.ok(value >= agg.lastAcked && value <= agg.lastSent,
        `aggregate ${value}: acknowledged ${agg.lastAcked}, last sent ${agg.lastSent}`);
      agg.lastAcked = agg.lastSent = value;
      const h = await u.kdist.get(`/api/v1/aggregate-values/${a.json.items[0].id}/history`);
      assertStatus(h, 200);
      const history = h.json.items.map((x) => x.numerator).sort((x, y) => x - y);
      const logged = (await audit('aggregate_value')).map((e) => e.detail.numerator).sort((x, y) => x - y);
      assert.deepEqual(history, logged, 'aggregate history and aggregate_value entries differ');
      assert.equal(history.at(-1), value);
    } else {
      assert.equal(agg.lastAcked, 0, `acknowledged aggregate ${agg.lastAcked} is lost`);
      assert.deepEqual(await audit('aggregate_value'), [], 'aggregate_value entries without an entry');
    }

    // The budget: the version acknowledged last or a later one, with the
    // table written under that version; the newest budget.replace entry
    // names the stored version.
    const b = await u.prov.get(`/api/v1/plans/${planId}/budget`);
    assertStatus(b, 200);
    if (budget.lastSent > 0) {
      // k 0: no table yet (the first replacement was cut).
      const k = Number(/Mục kiểm thử (\d+)/.exec(b.text)?.[1] ?? 0);
      assert.ok(b.json.version >= budget.ackedVersion, `budget version ${b.json.version} < acknowledged ${budget.ackedVersion}`);
      assert.ok(k >= budget.ackedK && k <= budget.lastSent, `budget table ${k}: acknowledged ${budget.ackedK}, last sent ${budget.lastSent}`);
      if (b.json.version === budget.ackedVersion) assert.equal(k, budget.ackedK, 'the acknowledged version holds another table');
      const versions = (await audit('budget.replace')).map((e) => e.detail.version);
      assert.equal(Math.max(0, ...versions), b.json.version, 'newest budget.replace entry and stored version differ');
      assert.equal(new Set(versions).size, versions.length, 'one budget.replace entry per version');
      budget.ackedVersion = b.json.version;
      budget.ackedK = budget.lastSent = k;
    }

    // Imports: all rows or none; an acknowledged one all; a job's status
    // says which.
    for (const im of [state.sync, state.async]) {
      const n = await trainingsTagged(im.tag);
      assert.ok(n === 0 || n === im.rows, `import ${im.tag}: ${n} of ${im.rows} rows visible`);
      im.present = n === im.rows;
      imports.push(im);
    }
    if (state.sync.acked) assert.ok(state.sync.present, `acknowledged import ${state.sync.tag} is lost`);
    if (state.async.id !== undefined) {
      const j = await u.prov.get(`/api/v1/imports/${state.async.id}`);
      assertStatus(j, 200);
      if (state.async.seen) assert.equal(j.json.status, state.async.seen, 'a finished job changed its status');
      if (j.json.status === 'done') {
        assert.ok(state.async.present, `job ${state.async.id} done but its rows are not there`);
        assert.equal(j.json.stored, state.async.rows);
      } else {
        assert.ok(['failed', 'cancelled'].includes(j.json.status), `job status ${j.json.status} after a restart`);
        assert.ok(!state.async.present, `job ${state.async.id} is ${j.json.status} but its ${state.async.rows} rows are stored`);
      }
    } else {
      assert.ok(!state.async.present, 'an import never acknowledged as started has stored rows');
    }
    // One `import` entry per stored import, with its row count.
    const logged = (await audit('import')).filter((e) => e.detail.kind === 'trainings').map((e) => e.detail.rows).sort((x, y) => x - y);
    const stored = imports.filter((im) => im.present).map((im) => im.rows).sort((x, y) => x - y);
    assert.deepEqual(logged, stored, 'import entries and stored imports differ');
  }

  for (let round = 1; round <= ROUNDS; round++) {
    const delay = between(20, 400);
    const state = {
      killed: false, cases: [], events: [],
      known: new Set(acked.cases),
      sync: { tag: importTag(round, 's'), rows: between(500, 20000), at: between(0, delay) },
      async: { tag: importTag(round, 'a'), rows: between(500, 20000), at: between(0, delay) },
    };
    it(`round ${round}: kill after ${delay} ms, restart, every acknowledged write is there`, async () => {
      // Whole seconds, a second early: `since` is compared to entry times.
      state.since = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000).toISOString().replace('.000', '');
      // Everything known before the round counts as an earlier round's.
      for (const id of (await all(u.kcomm, '/api/v1/cases?unit=23401'))) state.known.add(id.id);
      const writing = writeUntilKilled(round, state);
      await sleep(delay);
      state.killed = true;
      // An import counts as cut when its request was sent and its end
      // (201, or the job's final status) was not seen.
      const importing = (state.sync.sent && !state.sync.acked) ||
        (state.async.id !== undefined && state.async.seen === undefined);
      srv.child.kill('SIGKILL');
      await srv.exited;
      kills++;
      if (importing) midImport++;
      const unexpected = await writing;
      assert.deepEqual(unexpected, [], 'answers other than 2xx while the server was up');
      srv = await serve(db);
      pointAt(srv.url);
      await verify(round, state);
    });
  }
});
