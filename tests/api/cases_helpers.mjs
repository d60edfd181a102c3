// tests/api/cases_helpers.mjs — shared by the case test files: a person,
// valid facts of each type, time helpers in Asia/Ho_Chi_Minh, reading the
// database file to prove narratives are sealed at rest.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const HOUR = 3600 * 1000;
export const DAY = 24 * HOUR;

// Valid facts of each case type (domain/casework.c).
export const FACTS = {
  social_assistance: { sa_category: 'sa_child_no_carer_u4', monthly_allowance_vnd: 540000 },
  child_protection: { child_status: 'at_risk' },
  gbv: { gbv_role: 'victim', incident_date: '2026-03-01' },
  drug_rehab: { rehab_form: 'rehab_compulsory_adult', court_decision_date: '2026-01-10', term_months: 12 },
  sex_work_support: { harm_reduction: true, community_model: 'Nhóm tự lực' },
  trafficking_victim: { tip_person_status: 'tip_victim', received_date: '2026-08-01' },
};

export const ADULT = { full_name: 'Phạm Văn Bình', sex: 'male', birth_year: 1985 };

// An instant as a browser writes it, whole seconds, `ms` ago.
export const isoAgo = (ms) => new Date(Math.floor((Date.now() - ms) / 1000) * 1000).toISOString();

// Today (plus offsetDays) in Asia/Ho_Chi_Minh, "YYYY-MM-DD".
export const hcmDay = (offsetDays = 0) => new Date(Date.now() + 7 * HOUR + offsetDays * DAY).toISOString().slice(0, 10);

// The instant local midnight begins `day` ("YYYY-MM-DD"), in ms.
export const hcmMidnight = (day) => Date.parse(`${day}T00:00:00+07:00`);

// The current year in Asia/Ho_Chi_Minh.
export const hcmYear = () => Number(hcmDay().slice(0, 4));

// Whether the sqlite3 command-line shell is there to read the database.
export const haveSqlite3 = () => spawnSync('sqlite3', ['-version']).status === 0;

// Runs a query on the database file with the sqlite3 shell; rows as text.
// A query straight to the database (SQLite file or postgres:// URL), its
// rows as `a|b` lines in both cases; read-only on SQLite unless write.
export function sql(db, query, { write = false } = {}) {
  const pg = db.startsWith('postgres://');
  const r = pg
    ? spawnSync('psql', [db, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' })
    : spawnSync('sqlite3', write ? ['-cmd', '.timeout 10000', db, query] : ['-readonly', db, query],
      { encoding: 'utf8' });
  assert.equal(r.status, 0, `${pg ? 'psql' : 'sqlite3'}: ${r.stderr}`);
  return r.stdout;
}

// The bytes of the database and its WAL as one latin1 string, for
// "this text is nowhere in the file" checks (UTF-8 text compared as bytes).
// On PostgreSQL: every row of every table as pg_dump writes it.
export function dbBytes(db) {
  if (db.startsWith('postgres://')) {
    const r = spawnSync('pg_dump', ['--data-only', db], { maxBuffer: 1 << 30 });
    assert.equal(r.status, 0, `pg_dump: ${r.stderr}`);
    return r.stdout.toString('latin1');
  }
  let s = '';
  for (const f of [db, `${db}-wal`]) {
    if (existsSync(f)) s += readFileSync(f).toString('latin1');
  }
  return s;
}

export const asBytes = (text) => Buffer.from(text, 'utf8').toString('latin1');
