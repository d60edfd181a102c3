// Deadlines of periodic reports at the minute (docs/reports.md §Due dates,
// §Timeliness, §Reminders): the server runs under libfaketime at two
// instants around the end of 15 June 2020 in Vietnam (UTC+7) — 23:59
// (16:59Z) and 00:01 on 16 June (17:01Z) — on the same database.  A report
// submitted at 23:59 is on time, one at 00:01 late; a commune that never
// submits is pending before the deadline and missing after it; under a
// plan whose due day does not count (due_day_counts false) 23:59 on 15
// June is already late.  The inbox's report_due counts the days left.
//
// The database is created and the plan's settings written with the real
// clock; only the two runs of `serve` are faked.  libfaketime comes with
// scripts/deps (Debian's faketime); without it the test is skipped.  Under
// the ASan build (make api-asan) ASan must be first in the link order
// unless told otherwise: verify_asan_link_order=0 lets libfaketime be
// preloaded.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, WEB_DIST, cli, freshDatabase } from '../lib/server.mjs';
import { assertStatus, loginAs } from './helpers.mjs';

const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

const USERS = [
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'ngoktu', role: 'commune', scope: '23428', password: 'ngoktu-pass-1' },
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'hoi', role: 'district', scope: '611', password: 'hoi-pass-1234' },
  { username: 'pleikan', role: 'commune', scope: '23377', password: 'pleikan-pass-1' },
];

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

// `serve` on db, at the fake instant `fake` (libfaketime's "@YYYY-MM-DD
// hh:mm:ss" in UTC; the clock runs on from there) or the real clock.
async function serve(db, fake) {
  const env = { ...process.env };
  if (fake) {
    Object.assign(env, { TZ: 'UTC', FAKETIME: fake, LD_PRELOAD: FAKETIME_LIB });
    if (process.env.TROGIUP_SANITIZED) {
      env.ASAN_OPTIONS = [process.env.ASAN_OPTIONS, 'verify_asan_link_order=0'].filter(Boolean).join(':');
    }
  }
  const listen = `127.0.0.1:${await freePort()}`;
  const child = spawn(BIN, ['serve', '--db', db, '--listen', listen, '--web', WEB_DIST],
    { stdio: ['ignore', 'ignore', 'pipe'], env });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://${listen}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    // SIGTERM; a clean exit is 0 with no sanitizer report.
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      assert.doesNotMatch(log, /AddressSanitizer|LeakSanitizer|runtime error:/, log.slice(-4000));
      assert.equal(child.exitCode, 0, `serve exit code; log tail:\n${log.slice(-2000)}`);
    },
  };
}

const skip = existsSync(FAKETIME_LIB) ? false : `libfaketime is not installed (${FAKETIME_LIB}; scripts/deps installs faketime)`;

describe('report deadlines at the minute', { skip }, () => {
  let dir, db, fresh;
  let srv = null;
  const rep = {}; // report ids by username
  const u = {};

  const login = async () => {
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
  };
  const restart = async (fake) => {
    if (srv) await srv.stop();
    srv = null;
    srv = await serve(db, fake);
    await login();
  };
  const create = async (who, unit) => {
    const r = await u[who].post('/api/v1/reports', { template: 'six_monthly', unit_code: unit, period: '2020S1' });
    assertStatus(r, 201);
    rep[who] = r.json.id;
    return r.json;
  };
  const submit = async (who) => {
    const r = await u[who].post(`/api/v1/reports/${rep[who]}/submit`, {});
    assertStatus(r, 200);
    assert.equal(r.json.status, 'submitted');
    return r.json;
  };
  const completeness = async () => {
    const r = await u.kdist.get('/api/v1/reports/completeness?unit=612&template=six_monthly&period=2020S1');
    assertStatus(r, 200);
    return r.json;
  };
  const kid = (c, code) => c.children.find((x) => x.code === code);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trogiup-deadlines-'));
    fresh = freshDatabase(dir);
    db = fresh.db;
    for (const x of USERS) {
      const r = cli(['user', 'add', '--db', db, '--username', x.username, '--full-name', x.username,
        '--role', x.role, '--scope', x.scope], `${x.password}\n`);
      assert.equal(r.status, 0, r.stderr);
    }
    // With the real clock: Ngọc Hồi's plan, whose due day does not count,
    // and the drafts (so the fake minute holds only the submissions).
    await restart(null);
    const p = await u.hoi.post('/api/v1/plans', {
      unit_code: '611', number: '12/KH-UBND', issued_on: '2018-03-01',
      title: 'Kế hoạch trợ giúp xã hội huyện Ngọc Hồi', period_from: 2018, period_to: 2020,
    });
    assertStatus(p, 201);
    const s = await u.hoi.get(`/api/v1/plans/${p.json.id}/report-settings`);
    assertStatus(s, 200);
    assert.equal(s.json.due_day_counts, true, 'the default');
    const { stored, ...settings } = s.json;
    assert.equal(stored, false);
    assertStatus(await u.hoi.req('PUT', `/api/v1/plans/${p.json.id}/report-settings`,
      { ...settings, due_day_counts: false }), 200);
    await create('kcomm', '23401');
    await create('pleikan', '23377');
  });
  after(async () => {
    try {
      if (srv) await srv.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (fresh) fresh.drop();
    }
  });

  it('at 23:59 on 15 June (16:59Z): submitted on time; unsubmitted communes pending; 0 days left', async () => {
    await restart('@2020-06-15 16:59:00');
    const r = await submit('kcomm');
    assert.match(r.submitted_at, /^2020-06-15T16:59:\d\dZ$/, 'the fake clock');
    assert.equal(r.due_date, '2020-06-15');
    assert.equal(r.deadline_at, '2020-06-15T17:00:00Z');
    assert.equal(r.timeliness, 'on_time');
    // Ngọc Hồi's plan: the due day does not count, 15 June is already late.
    const late = await submit('pleikan');
    assert.match(late.submitted_at, /^2020-06-15T16:59:\d\dZ$/);
    assert.equal(late.due_date, '2020-06-15');
    assert.equal(late.deadline_at, '2020-06-14T17:00:00Z');
    assert.equal(late.timeliness, 'late');

    const c = await completeness();
    assert.equal(c.due_date, '2020-06-15');
    assert.deepEqual([kid(c, '23401').timeliness, kid(c, '23427').timeliness, kid(c, '23428').timeliness],
      ['on_time', 'pending', 'pending']);
    assert.deepEqual([c.counts.on_time, c.counts.pending, c.counts.missing, c.counts.late], [1, 8, 0, 0]);

    // The last day: Đắk Rơ Nga is reminded with 0 days left, not yet late.
    const due = (await u.rnga.get('/api/v1/inbox')).json.items.filter((x) => x.kind === 'report_due');
    const s1 = due.find((x) => x.period === '2020S1');
    assert.deepEqual([s1.days_left, s1.timeliness, s1.report_id, s1.due_date], [0, 'pending', null, '2020-06-15']);
    // The annual report of 2020 is months away; last year's are overdue.
    assert.deepEqual(due.map((x) => x.period), ['2019S1', '2019', '2020S1']);
  });

  it('at 00:01 on 16 June (17:01Z): submitted late; a commune that never submits is missing', async () => {
    await restart('@2020-06-15 17:01:00');
    await create('rnga', '23427');
    const r = await submit('rnga');
    assert.match(r.submitted_at, /^2020-06-15T17:01:\d\dZ$/);
    assert.equal(r.deadline_at, '2020-06-15T17:00:00Z');
    assert.equal(r.timeliness, 'late');
    // The first submission keeps its timeliness.
    const first = await u.kcomm.get(`/api/v1/reports/${rep.kcomm}`);
    assert.equal(first.json.timeliness, 'on_time');
    assert.equal((await u.pleikan.get(`/api/v1/reports/${rep.pleikan}`)).json.timeliness, 'late');

    const c = await completeness();
    assert.deepEqual([kid(c, '23401').timeliness, kid(c, '23427').timeliness, kid(c, '23428').timeliness],
      ['on_time', 'late', 'missing']);
    assert.equal(kid(c, '23428').status, null);
    assert.deepEqual(c.counts, {
      children: 9, approved: 0, submitted: 2, draft: 0, none: 7,
      on_time: 1, late: 1, missing: 7, pending: 0,
    });
    // Ngọk Tụ is reminded, overdue by a day.
    const s1 = (await u.ngoktu.get('/api/v1/inbox')).json.items.find((x) => x.kind === 'report_due' && x.period === '2020S1');
    assert.deepEqual([s1.days_left, s1.timeliness], [-1, 'missing']);
    // Submitted: Đắk Rơ Nga has no reminder for 2020S1 any more.
    const rnga = (await u.rnga.get('/api/v1/inbox')).json.items;
    assert.ok(!rnga.some((x) => x.kind === 'report_due' && x.period === '2020S1'));
  });
});
