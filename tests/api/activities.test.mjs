// Trainings, participants, communication activities and the commune
// coverage table (docs/network.md §Trainings, §Communication activities,
// §Roles): create, read, change with If-Match, lists with their filters,
// counts by sex, a 422 naming the field for each bad input, scope (403
// out_of_scope for a unit given, 404 for an id), roles, the audit trail,
// and coverage that moves when an activity is added.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { hcmDay, hcmYear } from './cases_helpers.mjs';

const USERS = [
  { username: 'admin', role: 'admin', password: 'admin-pass-123' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'nviewer', role: 'viewer', password: 'nviewer-pass-1' },
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'tb', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
  { username: 'fac', role: 'facility', scope: '23401', password: 'fac-pass-1234' },
];

// The nine communes of Đắk Tô district (612) in the 2024 tree.
const DAK_TO_COMMUNES = 9;
const YEAR = hcmYear();
const TODAY = hcmDay();

describe('trainings, participants and communication activities', () => {
  let srv;
  const u = {};
  let codes; // code lists by name: [code, …]

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    const r = await u.kcomm.get('/api/v1/codes');
    assertStatus(r, 200);
    codes = Object.fromEntries(Object.entries(r.json.lists).map(([k, v]) => [k, v.map((e) => e.code)]));
    for (const l of ['training_topic', 'participant_role', 'communication_kind',
      'communication_topic', 'communication_audience']) {
      assert.ok(codes[l]?.length > 0, `code list ${l}`);
    }
    assert.ok(codes.communication_topic.length >= 2, 'two communication topics to tell apart');
  });
  after(async () => { await stopChecked(srv); });

  const training = (extra = {}) => ({
    title: 'Tập huấn kỹ năng công tác xã hội',
    topic: codes.training_topic[0],
    starts_on: `${YEAR}-03-04`,
    ends_on: `${YEAR}-03-06`,
    organiser: 'Phòng LĐTBXH',
    unit_code: '23401',
    place: 'Hội trường UBND',
    ...extra,
  });
  const activity = (extra = {}) => ({
    unit_code: '23401',
    kind: codes.communication_kind[0],
    topic: codes.communication_topic[0],
    held_on: TODAY,
    title: 'Truyền thông phòng chống mua bán người',
    reach_male: 40,
    reach_female: 55,
    ...extra,
  });
  async function audit(action) {
    const r = await u.auditor.get(`/api/v1/audit?action=${action}&page_size=200`);
    assertStatus(r, 200);
    return r.json.items;
  }

  // ---- trainings --------------------------------------------------------

  describe('trainings', () => {
    let t1; // kcomm's, in 23401
    let t2; // kdist's, in 612, another topic

    it('a commune worker creates a training in their commune: 201 with project, counts and ETag', async () => {
      const r = await u.kcomm.post('/api/v1/trainings', training());
      assertStatus(r, 201);
      t1 = r.json;
      assert.ok(t1.id > 0);
      assert.equal(t1.title, 'Tập huấn kỹ năng công tác xã hội');
      assert.equal(t1.topic, codes.training_topic[0]);
      assert.ok([1, 2, 3, 4].includes(t1.project), `project ${t1.project}`);
      assert.equal(t1.starts_on, `${YEAR}-03-04`);
      assert.equal(t1.ends_on, `${YEAR}-03-06`);
      assert.equal(t1.unit_code, '23401');
      assert.equal(t1.unit_name, 'Đắk Tô');
      assert.equal(t1.organiser, 'Phòng LĐTBXH');
      assert.equal(t1.participants, 0);
      assert.equal(t1.participants_female, 0);
      assert.equal(t1.participants_male, 0);
      assert.equal(r.headers.get('etag'), `"t${t1.id}-${t1.version}"`);
    });

    it('dates may be DD/MM/YYYY and come back canonical', async () => {
      const last = codes.training_topic[codes.training_topic.length - 1];
      const r = await u.kdist.post('/api/v1/trainings', training({
        title: 'Bồi dưỡng bình đẳng giới', topic: last, unit_code: '612',
        starts_on: `02/05/${YEAR - 1}`, ends_on: `03/05/${YEAR - 1}`,
      }));
      assertStatus(r, 201);
      t2 = r.json;
      assert.equal(t2.starts_on, `${YEAR - 1}-05-02`);
      assert.equal(t2.ends_on, `${YEAR - 1}-05-03`);
    });

    it('422 naming the field for each bad input', async () => {
      const cases = [
        [{ starts_on: `${YEAR}-02-30` }, 'starts_on'],
        [{ ends_on: 'tomorrow' }, 'ends_on'],
        [{ ends_on: `${YEAR}-03-01` }, 'ends_on'], // before starts_on
        [{ topic: 'no_such_topic' }, 'topic'],
        [{ title: undefined }, 'title'],
        [{ title: 'x' }, 'title'],
        [{ unit_code: '99999' }, 'unit_code'],
        [{ unit_code: undefined }, 'unit_code'],
        [{ note: 'n'.repeat(2001) }, 'note'],
        [{ organiser: 5 }, 'organiser'],
      ];
      for (const [extra, field] of cases) {
        const r = await u.kcomm.post('/api/v1/trainings', training(extra));
        assertError(r, 422, 'invalid_field', field);
      }
    });

    it('403 out_of_scope for a unit outside the caller\'s scope', async () => {
      assertError(await u.kcomm.post('/api/v1/trainings', training({ unit_code: '23427' })), 403, 'out_of_scope');
      assertError(await u.kcomm.post('/api/v1/trainings', training({ unit_code: '612' })), 403, 'out_of_scope');
      assertError(await u.tb.post('/api/v1/trainings', training()), 403, 'out_of_scope');
    });

    it('roles: admin and auditor 403, viewer and hotline read only, facility 403', async () => {
      for (const who of ['admin', 'auditor']) {
        assertError(await u[who].get('/api/v1/trainings'), 403, 'forbidden');
        assertError(await u[who].get(`/api/v1/trainings/${t1.id}`), 403, 'forbidden');
        assertError(await u[who].post('/api/v1/trainings', training()), 403, 'forbidden');
      }
      for (const who of ['viewer', 'nviewer', 'hot']) {
        assertStatus(await u[who].get(`/api/v1/trainings/${t1.id}`), 200);
        assertError(await u[who].post('/api/v1/trainings', training()), 403, 'forbidden');
        assertError(await u[who].patch(`/api/v1/trainings/${t1.id}`, { title: 'Đổi tên' }), 403, 'forbidden');
      }
      assertError(await u.fac.get('/api/v1/trainings'), 403, 'forbidden');
      assertError(await u.fac.get(`/api/v1/trainings/${t1.id}`), 403, 'forbidden');
    });

    it('get: inside the scope 200, outside 404', async () => {
      for (const who of ['kcomm', 'kdist', 'prov']) {
        const r = await u[who].get(`/api/v1/trainings/${t1.id}`);
        assertStatus(r, 200);
        assert.equal(r.json.id, t1.id);
      }
      assertError(await u.rnga.get(`/api/v1/trainings/${t1.id}`), 404, 'not_found');
      assertError(await u.tb.get(`/api/v1/trainings/${t1.id}`), 404, 'not_found');
      assertError(await u.kcomm.get(`/api/v1/trainings/${t2.id}`), 404, 'not_found');
      assertError(await u.kcomm.get('/api/v1/trainings/999999'), 404, 'not_found');
      assertError(await u.kcomm.get('/api/v1/trainings/abc'), 404, 'not_found');
    });

    it('list: limited to the scope, with topic, project, year, q and unit filters', async () => {
      const ids = async (who, q = '') => {
        const r = await u[who].get(`/api/v1/trainings${q}`);
        assertStatus(r, 200);
        assert.equal(typeof r.json.total, 'number');
        return r.json.items.map((t) => t.id).sort((a, b) => a - b);
      };
      assert.deepEqual(await ids('kcomm'), [t1.id]);
      assert.deepEqual(await ids('kdist'), [t1.id, t2.id]);
      assert.deepEqual(await ids('prov'), [t1.id, t2.id]);
      assert.deepEqual(await ids('viewer'), [t1.id, t2.id]);
      assert.deepEqual(await ids('rnga'), []);
      assert.deepEqual(await ids('tb'), []);
      assert.deepEqual(await ids('kdist', '?unit=23401'), [t1.id]);
      assert.deepEqual(await ids('kdist', `?year=${YEAR}`), [t1.id]);
      assert.deepEqual(await ids('kdist', `?year=${YEAR - 1}`), [t2.id]);
      assert.deepEqual(await ids('kdist', `?topic=${t2.topic}`), t1.topic === t2.topic ? [t1.id, t2.id] : [t2.id]);
      assert.deepEqual(await ids('kdist', `?project=${t1.project}`),
        t1.project === t2.project ? [t1.id, t2.id] : [t1.id]);
      assert.deepEqual(await ids('kdist', `?q=${encodeURIComponent('BINH DANG')}`), [t2.id]);
      assertError(await u.kcomm.get('/api/v1/trainings?unit=612'), 404);
      assertError(await u.kdist.get('/api/v1/trainings?topic=nope'), 422, 'invalid_field', 'topic');
      assertError(await u.kdist.get('/api/v1/trainings?project=5'), 422, 'invalid_field', 'project');
      assertError(await u.kdist.get('/api/v1/trainings?year=20x4'), 422, 'invalid_field', 'year');
      const paged = await u.kdist.get('/api/v1/trainings?page=2&page_size=1');
      assertStatus(paged, 200);
      assert.equal(paged.json.total, 2);
      assert.equal(paged.json.items.length, 1);
      assert.equal(paged.json.items[0].id, t2.id); // newest start first
    });

    it('PATCH changes fields, bumps the ETag, and If-Match guards against stale writes', async () => {
      const g = await u.kcomm.get(`/api/v1/trainings/${t1.id}`);
      const etag = g.headers.get('etag');
      const r = await u.kcomm.patch(`/api/v1/trainings/${t1.id}`,
        { title: 'Tập huấn quản lý trường hợp', place: '' }, { 'if-match': etag });
      assertStatus(r, 200);
      assert.equal(r.json.title, 'Tập huấn quản lý trường hợp');
      assert.equal(r.json.place, null);
      assert.equal(r.json.organiser, 'Phòng LĐTBXH');
      assert.equal(r.json.version, t1.version + 1);
      assert.notEqual(r.headers.get('etag'), etag);
      assertError(await u.kcomm.patch(`/api/v1/trainings/${t1.id}`, { title: 'Cũ' }, { 'if-match': etag }),
        412, 'stale');
      assertError(await u.kcomm.patch(`/api/v1/trainings/${t1.id}`, { ends_on: `${YEAR}-01-01` }),
        422, 'invalid_field', 'ends_on');
      assertError(await u.kcomm.patch(`/api/v1/trainings/${t1.id}`, { unit_code: '23427' }), 403, 'out_of_scope');
      assertError(await u.rnga.patch(`/api/v1/trainings/${t1.id}`, { title: 'Không được' }), 404, 'not_found');
      // Without If-Match the write goes through.
      const r2 = await u.kdist.patch(`/api/v1/trainings/${t1.id}`, { ends_on: `${YEAR}-03-07` });
      assertStatus(r2, 200);
      assert.equal(r2.json.ends_on, `${YEAR}-03-07`);
      t1 = r2.json;
    });

    it('creating and changing trainings is audited by codes, not titles', async () => {
      const created = await audit('training_create');
      assert.ok(created.some((e) => e.target === `training:${t1.id}`));
      const updated = await audit('training_update');
      const mine = updated.filter((e) => e.target === `training:${t1.id}`);
      assert.equal(mine.length, 2);
      for (const e of [...created, ...mine]) {
        assert.doesNotMatch(JSON.stringify(e.detail ?? {}), /Tập huấn|Bồi dưỡng/);
      }
    });

    it('format=csv exports the filtered list in the import columns', async () => {
      const r = await u.kdist.get(`/api/v1/trainings?format=csv&year=${YEAR}`);
      assertStatus(r, 200);
      assert.match(r.headers.get('content-type'), /^text\/csv/);
      const lines = r.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      assert.match(lines[0], /^title,topic,starts_on,ends_on/);
      assert.equal(lines.length, 2); // t2 started last year
      assert.match(lines[1], /Tập huấn quản lý trường hợp/);
      assertError(await u.kdist.get('/api/v1/trainings?format=xml'), 422, 'invalid_field', 'format');
    });

    // ---- participants ---------------------------------------------------

    describe('participants', () => {
      const person = (extra = {}) => ({
        full_name: 'Nguyễn Thị Hoa', sex: 'female', role: 'sw_official',
        agency: 'UBND thị trấn', position: 'Công chức LĐTBXH', birth_year: 1990, ...extra,
      });
      let p1, p2, p3;

      it('adds participants: 201, unit defaults to the training\'s', async () => {
        let r = await u.kcomm.post(`/api/v1/trainings/${t1.id}/participants`, person());
        assertStatus(r, 201);
        p1 = r.json;
        assert.equal(p1.training_id, t1.id);
        assert.equal(p1.full_name, 'Nguyễn Thị Hoa');
        assert.equal(p1.sex, 'female');
        assert.equal(p1.role, 'sw_official');
        assert.equal(p1.unit_code, '23401');
        assert.equal(p1.birth_year, 1990);
        r = await u.kcomm.post(`/api/v1/trainings/${t1.id}/participants`,
          person({ full_name: 'Trần Thị Lan', role: 'female_leader', birth_year: undefined }));
        assertStatus(r, 201);
        p2 = r.json;
        assert.equal(p2.birth_year, null);
        r = await u.kdist.post(`/api/v1/trainings/${t1.id}/participants`,
          person({ full_name: 'A Văn Bình', sex: 'male', role: 'sw_collaborator', unit_code: '23427' }));
        assertStatus(r, 201);
        p3 = r.json;
        assert.equal(p3.unit_code, '23427');
      });

      it('the training counts its participants by sex, in get and in the list', async () => {
        const g = await u.kcomm.get(`/api/v1/trainings/${t1.id}`);
        assertStatus(g, 200);
        assert.equal(g.json.participants, 3);
        assert.equal(g.json.participants_female, 2);
        assert.equal(g.json.participants_male, 1);
        const l = await u.kdist.get('/api/v1/trainings');
        const row = l.json.items.find((t) => t.id === t1.id);
        assert.equal(row.participants, 3);
        assert.equal(row.participants_female, 2);
        assert.equal(row.participants_male, 1);
        const other = l.json.items.find((t) => t.id === t2.id);
        assert.equal(other.participants, 0);
      });

      it('lists participants in order with paging; outside the scope 404', async () => {
        const r = await u.kdist.get(`/api/v1/trainings/${t1.id}/participants`);
        assertStatus(r, 200);
        assert.equal(r.json.total, 3);
        assert.deepEqual(r.json.items.map((p) => p.id), [p1.id, p2.id, p3.id]);
        const page = await u.kcomm.get(`/api/v1/trainings/${t1.id}/participants?page=2&page_size=2`);
        assert.deepEqual(page.json.items.map((p) => p.id), [p3.id]);
        assertError(await u.rnga.get(`/api/v1/trainings/${t1.id}/participants`), 404, 'not_found');
        assertError(await u.fac.get(`/api/v1/trainings/${t1.id}/participants`), 403, 'forbidden');
      });

      // Viewers read reports: counts per training, never trainees' names.
      it('viewers get 403 on the participants list and its export, and still read the counts', async () => {
        for (const who of ['viewer', 'nviewer']) {
          assertError(await u[who].get(`/api/v1/trainings/${t1.id}/participants`), 403, 'forbidden');
          const csv = await u[who].get(`/api/v1/trainings/${t1.id}/participants?format=csv`);
          assertError(csv, 403, 'forbidden');
          assert.doesNotMatch(csv.text, new RegExp(p1.full_name));
          const t = await u[who].get(`/api/v1/trainings/${t1.id}`);
          assertStatus(t, 200);
          assert.deepEqual([t.json.participants, t.json.participants_female, t.json.participants_male], [3, 2, 1]);
        }
        const row = (await u.viewer.get('/api/v1/trainings')).json.items.find((t) => t.id === t1.id);
        assert.equal(row.participants, 3);
      });

      it('422 naming the field; 403 out_of_scope for a participant unit outside', async () => {
        const cases = [
          [{ sex: 'other' }, 'sex'],
          [{ sex: 'Nữ' }, 'sex'],
          [{ sex: undefined }, 'sex'],
          [{ role: 'mayor' }, 'role'],
          [{ full_name: '' }, 'full_name'],
          [{ full_name: 'x' }, 'full_name'],
          [{ birth_year: 1800 }, 'birth_year'],
          [{ birth_year: YEAR + 1 }, 'birth_year'],
          [{ birth_year: '1990' }, 'birth_year'],
          [{ unit_code: '00000' }, 'unit_code'],
        ];
        for (const [extra, field] of cases) {
          assertError(await u.kcomm.post(`/api/v1/trainings/${t1.id}/participants`, person(extra)),
            422, 'invalid_field', field);
        }
        assertError(await u.kcomm.post(`/api/v1/trainings/${t1.id}/participants`, person({ unit_code: '23427' })),
          403, 'out_of_scope');
        assertError(await u.rnga.post(`/api/v1/trainings/${t1.id}/participants`, person()), 404, 'not_found');
        assertError(await u.viewer.post(`/api/v1/trainings/${t1.id}/participants`, person()), 403, 'forbidden');
      });

      it('format=csv exports every participant of the training', async () => {
        const r = await u.kcomm.get(`/api/v1/trainings/${t1.id}/participants?format=csv&page_size=1`);
        assertStatus(r, 200);
        const lines = r.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
        assert.match(lines[0], /^full_name,sex,role/);
        assert.equal(lines.length, 4); // paging does not apply
        assert.match(lines[1], /^Nguyễn Thị Hoa,female,sw_official/);
      });

      it('DELETE removes a participant entered by mistake: 204, counted no more, audited without the name', async () => {
        assertError(await u.rnga.del(`/api/v1/participants/${p2.id}`), 404, 'not_found');
        assertError(await u.viewer.del(`/api/v1/participants/${p2.id}`), 403, 'forbidden');
        assertStatus(await u.kcomm.del(`/api/v1/participants/${p2.id}`), 204);
        assertError(await u.kcomm.del(`/api/v1/participants/${p2.id}`), 404, 'not_found');
        const g = await u.kcomm.get(`/api/v1/trainings/${t1.id}`);
        assert.equal(g.json.participants, 2);
        assert.equal(g.json.participants_female, 1);
        assert.equal(g.json.participants_male, 1);
        const entries = (await audit('participant_delete')).filter((e) => e.target === `participant:${p2.id}`);
        assert.equal(entries.length, 1);
        assert.doesNotMatch(JSON.stringify(entries[0]), /Trần Thị Lan/);
        assert.equal(entries[0].detail.training_id, t1.id);
      });
    });
  });

  // ---- communication activities -------------------------------------------

  describe('communication activities', () => {
    let a1;

    it('a commune worker records an activity in their commune: 201, reach summed, audience defaulted', async () => {
      const r = await u.kcomm.post('/api/v1/communications', activity());
      assertStatus(r, 201);
      a1 = r.json;
      assert.equal(a1.unit_code, '23401');
      assert.equal(a1.unit_name, 'Đắk Tô');
      assert.equal(a1.kind, codes.communication_kind[0]);
      assert.equal(a1.topic, codes.communication_topic[0]);
      assert.equal(a1.held_on, TODAY);
      assert.equal(a1.audience, 'general_public');
      assert.equal(a1.reach_male, 40);
      assert.equal(a1.reach_female, 55);
      assert.equal(a1.reach, 95);
      assert.equal(r.headers.get('etag'), `"m${a1.id}-${a1.version}"`);
      const audited = await audit('communication_create');
      assert.ok(audited.some((e) => e.target === `communication:${a1.id}`));
    });

    it('422 naming the field for each bad input', async () => {
      const cases = [
        [{ unit_code: '612' }, 'unit_code'], // a district, not a commune
        [{ unit_code: '62' }, 'unit_code'],
        [{ unit_code: '99999' }, 'unit_code'],
        [{ kind: 'skywriting' }, 'kind'],
        [{ topic: 'no_such_topic' }, 'topic'],
        [{ topic: undefined }, 'topic'],
        [{ audience: 'martians' }, 'audience'],
        [{ held_on: `${YEAR}-13-01` }, 'held_on'],
        [{ held_on: hcmDay(2) }, 'held_on'], // not held yet
        [{ reach_male: -1 }, 'reach_male'],
        [{ reach_female: -5 }, 'reach_female'],
        [{ reach_female: 10000001 }, 'reach_female'],
        [{ reach_male: 1.5 }, 'reach_male'],
      ];
      for (const [extra, field] of cases) {
        const body = activity(extra);
        if ('topic' in extra && extra.topic === undefined) delete body.topic;
        assertError(await u.prov.post('/api/v1/communications', body), 422, 'invalid_field', field);
      }
    });

    it('403 out_of_scope, roles, and 404 outside the scope', async () => {
      assertError(await u.kcomm.post('/api/v1/communications', activity({ unit_code: '23427' })), 403, 'out_of_scope');
      assertError(await u.tb.post('/api/v1/communications', activity()), 403, 'out_of_scope');
      for (const who of ['admin', 'auditor']) {
        assertError(await u[who].get('/api/v1/communications'), 403, 'forbidden');
        assertError(await u[who].post('/api/v1/communications', activity()), 403, 'forbidden');
        assertError(await u[who].get('/api/v1/communications/coverage?unit=612'), 403, 'forbidden');
      }
      for (const who of ['viewer', 'hot']) {
        assertStatus(await u[who].get(`/api/v1/communications/${a1.id}`), 200);
        assertError(await u[who].post('/api/v1/communications', activity()), 403, 'forbidden');
      }
      assertError(await u.fac.get('/api/v1/communications'), 403, 'forbidden');
      assertError(await u.rnga.get(`/api/v1/communications/${a1.id}`), 404, 'not_found');
      assertError(await u.tb.get(`/api/v1/communications/${a1.id}`), 404, 'not_found');
      assertError(await u.rnga.patch(`/api/v1/communications/${a1.id}`, { reach_male: 1 }), 404, 'not_found');
    });

    it('PATCH with If-Match; a stale ETag is 412; a district is refused as its unit', async () => {
      const g = await u.kcomm.get(`/api/v1/communications/${a1.id}`);
      assertStatus(g, 200);
      const etag = g.headers.get('etag');
      const r = await u.kcomm.patch(`/api/v1/communications/${a1.id}`, { reach_male: 60 }, { 'if-match': etag });
      assertStatus(r, 200);
      assert.equal(r.json.reach_male, 60);
      assert.equal(r.json.reach, 115);
      assert.equal(r.json.version, a1.version + 1);
      assertError(await u.kcomm.patch(`/api/v1/communications/${a1.id}`, { reach_male: 1 }, { 'if-match': etag }),
        412, 'stale');
      assertError(await u.kdist.patch(`/api/v1/communications/${a1.id}`, { unit_code: '612' }),
        422, 'invalid_field', 'unit_code');
      assertError(await u.kdist.patch(`/api/v1/communications/${a1.id}`, { reach_female: -1 }),
        422, 'invalid_field', 'reach_female');
      const audited = (await audit('communication_update')).filter((e) => e.target === `communication:${a1.id}`);
      assert.equal(audited.length, 1);
      assert.deepEqual(audited[0].detail.changed, ['reach_male']);
      a1 = r.json;
    });

    it('list: scope, topic, kind and period filters', async () => {
      const [topicA, topicB] = codes.communication_topic;
      const kindB = codes.communication_kind[codes.communication_kind.length - 1];
      const r = await u.rnga.post('/api/v1/communications', activity({
        unit_code: '23427', topic: topicB, kind: kindB, held_on: `${YEAR - 1}-06-15`,
      }));
      assertStatus(r, 201);
      const a2 = r.json;
      const ids = async (who, q = '') => {
        const l = await u[who].get(`/api/v1/communications${q}`);
        assertStatus(l, 200);
        return l.json.items.map((a) => a.id).sort((x, y) => x - y);
      };
      assert.deepEqual(await ids('kcomm'), [a1.id]);
      assert.deepEqual(await ids('rnga'), [a2.id]);
      assert.deepEqual(await ids('kdist'), [a1.id, a2.id]);
      assert.deepEqual(await ids('nviewer'), [a1.id, a2.id]);
      assert.deepEqual(await ids('tb'), []);
      assert.deepEqual(await ids('kdist', `?topic=${topicA}`), [a1.id]);
      assert.deepEqual(await ids('kdist', `?topic=${topicB}`), [a2.id]);
      if (kindB !== a1.kind) assert.deepEqual(await ids('kdist', `?kind=${kindB}`), [a2.id]);
      assert.deepEqual(await ids('kdist', `?from=${YEAR}-01-01`), [a1.id]);
      assert.deepEqual(await ids('kdist', `?to=${YEAR - 1}-12-31`), [a2.id]);
      assert.deepEqual(await ids('kdist', `?from=${YEAR - 1}-06-15&to=${YEAR - 1}-06-15`), [a2.id]);
      assert.deepEqual(await ids('kdist', '?unit=23427'), [a2.id]);
      assertError(await u.kdist.get('/api/v1/communications?from=31-12-2024'), 422, 'invalid_field', 'from');
      assertError(await u.kdist.get(`/api/v1/communications?from=${YEAR}-02-01&to=${YEAR}-01-01`), 422, 'invalid_field', 'to');
      assertError(await u.kdist.get('/api/v1/communications?topic=nope'), 422, 'invalid_field', 'topic');
      assertError(await u.kdist.get('/api/v1/communications?kind=nope'), 422, 'invalid_field', 'kind');
      const csv = await u.kdist.get(`/api/v1/communications?format=csv&topic=${topicB}`);
      assertStatus(csv, 200);
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      assert.match(lines[0], /^unit_code,kind,topic,held_on/);
      assert.equal(lines.length, 2);
      assert.match(lines[1], new RegExp(`^23427,${kindB},${topicB},${YEAR - 1}-06-15`));
    });

    // ---- coverage -------------------------------------------------------

    describe('coverage', () => {
      const cov = async (who, q) => {
        const r = await u[who].get(`/api/v1/communications/coverage${q}`);
        assertStatus(r, 200);
        return r.json;
      };

      it('every commune of the district, covered where an activity was held this year', async () => {
        const c = await cov('kdist', '?unit=612');
        assert.equal(c.unit.code, '612');
        assert.equal(c.unit.name, 'Đắk Tô');
        assert.equal(c.topic, null);
        assert.equal(c.from, `${YEAR}-01-01`);
        assert.equal(c.to, `${YEAR}-12-31`);
        assert.equal(c.total, DAK_TO_COMMUNES);
        assert.equal(c.communes.length, DAK_TO_COMMUNES);
        // a1 this year in 23401; a2 (23427) was last year.
        assert.equal(c.covered, 1);
        assert.ok(Math.abs(c.percent - 100 / DAK_TO_COMMUNES) < 1e-9, `percent ${c.percent}`);
        const tt = c.communes.find((x) => x.code === '23401');
        assert.equal(tt.covered, true);
        assert.equal(tt.activities, 1);
        assert.equal(tt.reach, a1.reach);
        assert.equal(tt.parent_code, '612');
        assert.equal(tt.parent_name, 'Đắk Tô');
        assert.equal(c.communes.find((x) => x.code === '23427').covered, false);
      });

      it('a new activity flips its commune to covered and moves the percent', async () => {
        const topicA = codes.communication_topic[0];
        const before = await cov('kdist', `?unit=612&topic=${topicA}`);
        assert.equal(before.topic, topicA);
        assert.equal(before.covered, 1);
        const r = await u.rnga.post('/api/v1/communications', activity({ unit_code: '23427', held_on: `${YEAR}-01-01` }));
        assertStatus(r, 201);
        const after = await cov('kdist', `?unit=612&topic=${topicA}`);
        assert.equal(after.covered, 2);
        assert.ok(Math.abs(after.percent - 200 / DAK_TO_COMMUNES) < 1e-9, `percent ${after.percent}`);
        const rn = after.communes.find((x) => x.code === '23427');
        assert.equal(rn.covered, true);
        assert.equal(rn.activities, 1);
        // The province sees the same communes among its own.
        const prov = await cov('prov', `?unit=62&topic=${topicA}`);
        assert.equal(prov.covered, 2);
        assert.ok(prov.total > DAK_TO_COMMUNES);
        assert.ok(prov.communes.every((x) => x.code.length === 5));
      });

      it('topic and period filters', async () => {
        const [topicA, topicB] = codes.communication_topic;
        const b = await cov('kdist', `?unit=612&topic=${topicB}`);
        assert.equal(b.covered, 0); // topicB only last year
        assert.equal(b.percent, 0);
        const last = await cov('kdist', `?unit=612&topic=${topicB}&from=${YEAR - 1}-01-01&to=${YEAR - 1}-12-31`);
        assert.equal(last.covered, 1);
        assert.equal(last.communes.find((x) => x.code === '23427').covered, true);
        const jan = await cov('kdist', `?unit=612&topic=${topicA}&from=${YEAR}-01-01&to=${YEAR}-01-01`);
        assert.deepEqual(jan.communes.filter((x) => x.covered).map((x) => x.code),
          TODAY === `${YEAR}-01-01` ? ['23401', '23427'] : ['23427']);
        const any = await cov('kdist', `?unit=612&from=${YEAR - 1}-01-01`);
        assert.equal(any.covered, 2);
        assert.equal(any.communes.find((x) => x.code === '23427').activities, 2);
      });

      it('a commune asks for itself; the default unit is the caller\'s scope', async () => {
        const c = await cov('kcomm', '');
        assert.equal(c.unit.code, '23401');
        assert.equal(c.total, 1);
        assert.equal(c.covered, 1);
        assert.equal(c.percent, 100);
      });

      it('422 for a bad topic or date, 404 for a unit outside the scope', async () => {
        assertError(await u.kdist.get('/api/v1/communications/coverage?unit=612&topic=nope'), 422, 'invalid_field', 'topic');
        assertError(await u.kdist.get('/api/v1/communications/coverage?unit=612&from=2024-02-31'), 422, 'invalid_field', 'from');
        assertError(await u.kdist.get('/api/v1/communications/coverage?unit=99999'), 422, 'invalid_field', 'unit');
        assertError(await u.kcomm.get('/api/v1/communications/coverage?unit=612'), 404, 'not_found');
        assertError(await u.tb.get('/api/v1/communications/coverage?unit=612'), 404, 'not_found');
        assertError(await u.nviewer.get('/api/v1/communications/coverage'), 422, 'invalid_field', 'unit');
        assertStatus(await u.nviewer.get('/api/v1/communications/coverage?unit=612'), 200);
        assertError(await u.fac.get('/api/v1/communications/coverage'), 403, 'forbidden');
      });
    });
  });
});
