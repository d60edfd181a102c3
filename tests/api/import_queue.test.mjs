// Queued inserts of CSV imports (store.h store_flush; on PostgreSQL the
// rows travel as `COPY … FROM STDIN` in the import's transaction, 4 096 to
// a COPY): a row the database refuses after every check passed leaves
// nothing stored, the log names that row's line whether the failure is
// noticed while later rows are still being sent or only at the end, in the
// first COPY or a later one, and the connection serves the next import
// cleanly.  The refusal is made by a trigger added for the test, on SQLite
// (sqlite3 shell) and on PostgreSQL (psql) alike.  Values with the bytes
// COPY's text format escapes (backslash, tab, newline, carriage return),
// its NULL marker \N as text, quotes and Vietnamese arrive byte for byte.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, PG } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';

const USERS = [{ username: 'kontum', role: 'province', scope: '62', password: 'kontum-pass-1' }];
const HEADER = 'full_name,sex,role,agency,position,unit_code,birth_year';
const REFUSED = 'ZZREFUSED'; // the trigger refuses names starting so

// n participants; the row on line `refused` (the header is line 1) gets
// the name the trigger refuses.  Every row is valid for the import.
function participants(n, refused = 0) {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const line = i + 2;
    const name = line === refused ? `${REFUSED} Thử` : `Nguyễn Thị Hoa ${i}`;
    lines.push(`${name},${i % 2 ? 'female' : 'male'},sw_official,UBND xã,,${i % 4 ? '' : '23401'},1980`);
  }
  return lines.join('\r\n') + '\r\n';
}

// Runs SQL on the server's database with the database's own shell.
function sql(db, text) {
  const r = PG
    ? spawnSync('psql', [db, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', text], { encoding: 'utf8' })
    : spawnSync('sqlite3', [db, text], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${text}: ${r.stderr}`);
  return r.stdout.trim();
}

const TRIGGER = PG
  ? `CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN IF NEW.full_name LIKE '${REFUSED}%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
     RETURN NEW; END $$;
     CREATE TRIGGER refuse_row BEFORE INSERT ON participants
     FOR EACH ROW EXECUTE FUNCTION refuse_row()`
  : `CREATE TRIGGER refuse_row BEFORE INSERT ON participants
     WHEN NEW.full_name LIKE '${REFUSED}%'
     BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`;

describe('imports: queued inserts', () => {
  let srv, kt, trainingId;

  async function post(query, body) {
    const r = await fetch(`${kt.url}/api/v1/imports?${query}`, {
      method: 'POST',
      headers: { cookie: kt.cookie, 'x-csrf-token': kt.csrf, 'content-type': 'text/csv; charset=utf-8' },
      body,
    });
    return { status: r.status, text: await r.text() };
  }
  const stored = () => Number(sql(srv.db, `SELECT count(*) FROM participants WHERE training_id = ${trainingId}`));

  before(async () => {
    srv = await startServer({ users: USERS });
    kt = await loginAs(srv.url, USERS[0].username, USERS[0].password);
    const r = await post('kind=trainings&tree=2024',
      'title,topic,starts_on,ends_on,unit_code\r\nTập huấn hàng đợi,sw_skills,2026-03-02,2026-03-04,62\r\n');
    assert.equal(r.status, 201, r.text);
    trainingId = Number(sql(srv.db, "SELECT id FROM trainings WHERE title = 'Tập huấn hàng đợi'"));
    sql(srv.db, TRIGGER);
  });
  after(async () => { await stopChecked(srv); });

  it('a refused row noticed while later rows are sent: nothing stored, its line logged', async () => {
    // 5 000 rows: on PostgreSQL the refusal on line 2 499 is read back
    // with its pipeline, well before the last row is sent.
    const r = await post(`kind=participants&training=${trainingId}`, participants(5000, 2499));
    assert.equal(r.status, 500, r.text);
    assert.equal(stored(), 0, 'all or nothing');
    assert.match(srv.log(), /msg="import insert failed" kind=participants line=2499\b/);
    assert.match(srv.log(), /op=queue stmt=participant_insert tag=2499 /);
    assert.doesNotMatch(srv.log(), /import insert failed" kind=participants line=(?!2499\b)/,
      'no other line is blamed');
  });

  it('a refused row in a later COPY: nothing stored, its own line logged', async () => {
    // 9 000 rows: line 6 000 is the 1 903rd row of the second COPY.
    const r = await post(`kind=participants&training=${trainingId}`, participants(9000, 6000));
    assert.equal(r.status, 500, r.text);
    assert.equal(stored(), 0, 'all or nothing');
    assert.match(srv.log(), /msg="import insert failed" kind=participants line=6000\b/);
    assert.match(srv.log(), /op=queue stmt=participant_insert tag=6000 /);
    assert.doesNotMatch(srv.log(), /op=queue stmt=participant_insert tag=(?!2499 |250 |6000 )/,
      'no other line is blamed');
  });

  it('a refused row noticed only at the commit: nothing stored, its line logged', async () => {
    const r = await post(`kind=participants&training=${trainingId}`, participants(300, 250));
    assert.equal(r.status, 500, r.text);
    assert.equal(stored(), 0, 'all or nothing');
    assert.match(srv.log(), /op=queue stmt=participant_insert tag=250 /);
    // No audit entry for an import that stored nothing.
    assert.equal(Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'import'"
      + ` AND target = 'training:${trainingId}'`)), 0);
  });

  it('the same connections then import a clean file whole, with its audit entry', async () => {
    for (let i = 0; i < 3; i++) { // the pool's connections in turn
      const r = await post(`kind=participants&training=${trainingId}`, participants(3000));
      assert.equal(r.status, 201, r.text);
    }
    assert.equal(stored(), 9000);
    assert.equal(Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'import'"
      + ` AND target = 'training:${trainingId}'`)), 3);
    // The rows are the file's, in its order, with the training's unit
    // where the cell is empty and commune 23401 where it is not.
    assert.equal(sql(srv.db, `SELECT full_name || '|' || unit_code FROM participants
      WHERE training_id = ${trainingId} ORDER BY id LIMIT 2`), 'Nguyễn Thị Hoa 0|23401\nNguyễn Thị Hoa 1|62');
  });

  it('values COPY escapes arrive byte for byte, as on the other store', async () => {
    // Leading and trailing blanks are trimmed by the import; inside a
    // value, tabs and line breaks are kept (they are not control
    // characters to it).
    const nasty = [
      ['Nguyễn Thị Ánh \\N "Út"', 'UBND\txã\\Đắk Tô', 'dòng một\ndòng hai\r\nba \\.'],
      ["Lò Văn Pọm\t'tab'", '\\.', '\\'],
      ['Y Hiền \\t\\n\\\\ thật', 'a\\\tb\\\nc\\\rd', '"""'],
    ].map((row) => row.map((v) => v.normalize('NFC')));
    const q = (v) => `"${v.replaceAll('"', '""')}"`;
    const body = [HEADER, ...nasty.map(([name, agency, position], i) =>
      `${q(name)},${i % 2 ? 'female' : 'male'},sw_official,${q(agency)},${q(position)},23401,1980`)].join('\r\n') + '\r\n';
    const t = await post('kind=trainings&tree=2024',
      'title,topic,starts_on,ends_on,unit_code,organiser,place,note\r\n'
      + `${q('Tập huấn "ký tự" \\N')},sw_skills,2026-04-01,2026-04-02,62,${q('Sở\tLĐTBXH')},${q('Hội trường\\B')},${q(nasty[0][2])}\r\n`);
    assert.equal(t.status, 201, t.text);
    const training = Number(sql(srv.db, "SELECT id FROM trainings WHERE title LIKE 'Tập huấn \"ký tự\"%'"));
    const r = await post(`kind=participants&training=${training}`, body);
    assert.equal(r.status, 201, r.text);
    const c = await post('kind=communications&tree=2024',
      'unit_code,kind,topic,held_on,title,audience,reach_male,reach_female,note\r\n'
      + `23401,meeting,child_protection,2026-01-10,${q(nasty[2][0])},,20,30,${q(nasty[1][0] + '\n' + nasty[0][1])}\r\n`);
    assert.equal(c.status, 201, c.text);

    // Hex of each value as the database holds it.
    const hex = (col) => PG ? `encode(convert_to(${col}, 'UTF8'), 'hex')` : `lower(hex(${col}))`;
    const bytes = (v) => Buffer.from(v, 'utf8').toString('hex');
    const got = sql(srv.db, `SELECT ${hex('full_name')} || '|' || ${hex('agency')} || '|' || ${hex('position')}
      FROM participants WHERE training_id = ${training} ORDER BY id`).split('\n');
    assert.deepEqual(got, nasty.map((row) => row.map(bytes).join('|')));
    assert.equal(sql(srv.db, `SELECT ${hex('title')} || '|' || ${hex('organiser')} || '|' || ${hex('place')}
      || '|' || ${hex('note')} || '|' || version FROM trainings WHERE id = ${training}`),
      [bytes('Tập huấn "ký tự" \\N'), bytes('Sở\tLĐTBXH'), bytes('Hội trường\\B'), bytes(nasty[0][2]), '1'].join('|'));
    assert.equal(sql(srv.db, `SELECT ${hex('title')} || '|' || ${hex('note')} || '|' || reach_male || '|'
      || reach_female || '|' || version FROM communications WHERE held_on = '2026-01-10'`),
      [bytes(nasty[2][0]), bytes(nasty[1][0] + '\n' + nasty[0][1]), '20', '30', '1'].join('|'));
    // An empty optional cell is NULL (\N), not the text "\N" or "".
    assert.equal(sql(srv.db, `SELECT count(*) FROM participants WHERE training_id = ${trainingId}
      AND position IS NULL AND agency = 'UBND xã'`), String(stored()));
  });
});
