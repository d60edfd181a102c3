// One training (#/trainings/ID?page=): its facts, the participants (add
// one, remove one entered by mistake, CSV export), and a CSV upload of
// participants with a dry run that lists every line's problem first.
import { useState } from 'preact/hooks';
import { addParticipant, csvHref, deleteParticipant, getTraining, listParticipants, type Participant, type Training, type User } from '../api';
import { useI18n } from '../i18n';
import { href, type Route } from '../router';
import { errorMessage, pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { CodeSelect, Field, codeLabel, focusLater, splitError, useCodes } from '../components/CaseKit';
import { CsvImport } from '../components/CsvImport';
import { Panel, can, day } from '../components/NetKit';

const PAGE_SIZE = 50;

export function TrainingPage({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const id = route.path[1];
  const page = pageOf(route.query);
  const [tick, setTick] = useState(0);
  const tr = useAsync(() => getTraining(id), [id, tick]);
  const pr = useAsync(() => listParticipants(id, { page, page_size: PAGE_SIZE }), [id, page, tick]);
  const [adding, setAdding] = useState(false);
  const [confirm, setConfirm] = useState<Participant | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const write = can.write(user);
  const refresh = (msg: string) => { setNotice(msg); setTick((x) => x + 1); };

  if (tr.error) return <div class="net-page"><ErrorBox error={tr.error} onRetry={tr.reload} /></div>;
  if (!tr.data) return <div class="net-page"><Loading /></div>;
  const x = tr.data.data;

  async function remove(p: Participant) {
    setError(null);
    try {
      await deleteParticipant(p.id);
      setConfirm(null);
      refresh(t('tr.removed', { name: p.full_name }));
    } catch (e) { setError(e); }
  }

  return (
    <div class="net-page" data-testid="training-page">
      <p class="back"><a href="#/trainings">← {t('tr.back')}</a></p>
      <header class="unit-head">
        <p class="muted fac-type">{codeLabel(codes, lang, 'training_topic', x.topic)}{x.project ? ` · ${t('tr.projectN', { n: x.project })}` : ''}</p>
        <h1 data-testid="training-title">{x.title}</h1>
        <dl class="facts">
          <div><dt>{t('tr.dates')}</dt><dd>{day(x.starts_on)}{x.ends_on !== x.starts_on ? ` – ${day(x.ends_on)}` : ''}</dd></div>
          <div><dt>{t('tr.unit')}</dt><dd>{x.unit_name ?? x.unit_code}</dd></div>
          {x.organiser && <div><dt>{t('tr.organiser')}</dt><dd>{x.organiser}</dd></div>}
          {x.place && <div><dt>{t('tr.place')}</dt><dd>{x.place}</dd></div>}
          <div><dt>{t('tr.participants')}</dt><dd data-testid="training-participants">
            {t('tr.countBySex', { n: x.participants, f: x.participants_female, m: x.participants_male })}</dd></div>
        </dl>
        {x.note && <p class="muted">{x.note}</p>}
      </header>

      {notice && <div class="alert alert-success" role="status" data-testid="training-notice">
        <span>{notice}</span><button type="button" class="btn btn-small" onClick={() => setNotice(null)}>{t('net.ok')}</button></div>}

      <Panel id="pp-h" title={t('tr.participantsTitle')} testid="participants-panel"
        actions={<div class="head-actions">
          <a class="btn btn-small" href={csvHref(`trainings/${x.id}/participants`, {})} download data-testid="participants-export">{t('net.exportCsv')}</a>
          {write && !adding && <button type="button" class="btn btn-small btn-primary" data-testid="participant-add-open"
            onClick={() => { setAdding(true); focusLater('pa-full_name'); }}>{t('tr.addParticipant')}</button>}
        </div>}>
        {adding && <ParticipantForm training={x} onCancel={() => setAdding(false)}
          onDone={(p) => refresh(t('tr.added', { name: p.full_name }))} />}
        {error ? <div class="alert alert-error" role="alert">{errorMessage(t, error)}</div> : null}
        {pr.error ? <ErrorBox error={pr.error} onRetry={pr.reload} />
          : !pr.data ? <Loading />
            : pr.data.items.length === 0 ? <p class="empty" data-testid="participants-empty">{t('tr.noParticipants')}</p>
              : <>
                  <table class="table part-table" data-testid="participant-list">
                    <thead><tr>
                      <th scope="col">{t('tr.p.name')}</th>
                      <th scope="col">{t('net.sex')}</th>
                      <th scope="col">{t('tr.p.role')}</th>
                      <th scope="col">{t('tr.p.agency')}</th>
                      {write && <th scope="col"><span class="visually-hidden">{t('net.actions')}</span></th>}
                    </tr></thead>
                    <tbody>
                      {pr.data.items.map((p) => (
                        <tr key={p.id} data-testid="participant-row" data-name={p.full_name}>
                          <td class="cell-main"><span class="row-title">{p.full_name}</span>
                            {p.birth_year ? <span class="muted small">{t('carer.born', { year: p.birth_year })}</span> : null}</td>
                          <td data-label={t('net.sex')}>{codeLabel(codes, lang, 'sex', p.sex)}</td>
                          <td data-label={t('tr.p.role')}>{codeLabel(codes, lang, 'participant_role', p.role)}</td>
                          <td data-label={t('tr.p.agency')} class={p.agency || p.position ? undefined : 'cell-empty'}>
                            {[p.position, p.agency].filter(Boolean).join(', ')}</td>
                          {write && <td class="cell-actions">
                            {confirm?.id === p.id
                              ? <span class="confirm-actions">
                                  <button type="button" class="btn btn-small btn-danger" data-testid="participant-remove-yes" onClick={() => remove(p)}>{t('tr.removeYes')}</button>
                                  <button type="button" class="btn btn-small" onClick={() => setConfirm(null)}>{t('net.cancel')}</button>
                                </span>
                              : <button type="button" class="btn btn-small btn-danger-outline" data-testid="participant-remove"
                                  aria-label={t('tr.removeLabel', { name: p.full_name })} onClick={() => setConfirm(p)}>{t('tr.remove')}</button>}
                          </td>}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={pr.data.page_size || PAGE_SIZE} total={pr.data.total}
                    hrefFor={(pg) => href(['trainings', String(x.id)], { page: pg })} />
                </>}
      </Panel>

      {write && (
        <Panel id="pu-h" title={t('tr.upload')} testid="participants-upload">
          <p class="hint">{t('tr.upload.hint')}</p>
          <CsvImport id="pimp" kind="participants" training={x.id} onStored={(n) => refresh(t('tr.imported', { n }))} />
        </Panel>
      )}
    </div>
  );
}

function ParticipantForm({ training, onCancel, onDone }: { training: Training; onCancel: () => void; onDone: (p: Participant) => void }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const empty = { full_name: '', sex: '', role: '', agency: '', position: '', birth_year: '' };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (val: string) => { setV((x) => ({ ...x, [k]: val })); setErrors((x) => ({ ...x, [`pa-${k}`]: undefined })); };
  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (v.full_name.trim().length < 2) errs['pa-full_name'] = 'required';
    if (!v.sex) errs['pa-sex'] = 'required';
    if (!v.role) errs['pa-role'] = 'required';
    if (v.birth_year && !/^\d{4}$/.test(v.birth_year)) errs['pa-birth_year'] = 'birth_year';
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      const p = await addParticipant(training.id, { full_name: v.full_name.trim(), sex: v.sex, role: v.role,
        agency: v.agency.trim() || undefined, position: v.position.trim() || undefined, birth_year: v.birth_year ? Number(v.birth_year) : undefined });
      // Ready for the next one: keep the agency and role, clear the person.
      setV((x) => ({ ...empty, role: x.role, agency: x.agency }));
      focusLater('pa-full_name');
      onDone(p);
    } catch (err) {
      const s = splitError(err, ['pa-']);
      if (s.field) { setErrors({ [s.field]: err }); focusLater(s.field); } else setError(err);
    } finally { setBusy(false); }
  }
  return (
    <form class="inline-form part-form" onSubmit={save} noValidate data-testid="participant-form">
      <div class="form-grid form-grid-tight">
        <Field id="pa-full_name" label={t('tr.p.name')} required error={errors['pa-full_name']}>
          <input id="pa-full_name" value={v.full_name} onInput={(e) => set('full_name')(e.currentTarget.value)} data-testid="pa-full_name" />
        </Field>
        <Field id="pa-sex" label={t('net.sex')} required error={errors['pa-sex']}>
          <CodeSelect id="pa-sex" list="sex" value={v.sex} codes={codes} empty={t('net.choose')} only={['male', 'female']} onChange={set('sex')} />
        </Field>
        <Field id="pa-role" label={t('tr.p.role')} required error={errors['pa-role']}>
          <CodeSelect id="pa-role" list="participant_role" value={v.role} codes={codes} empty={t('net.choose')} onChange={set('role')} />
        </Field>
        <Field id="pa-birth_year" label={t('net.birthYear')} error={errors['pa-birth_year']}>
          <input id="pa-birth_year" inputMode="numeric" maxLength={4} value={v.birth_year} onInput={(e) => set('birth_year')(e.currentTarget.value)} />
        </Field>
        <Field id="pa-position" label={t('tr.p.position')} error={errors['pa-position']}>
          <input id="pa-position" value={v.position} onInput={(e) => set('position')(e.currentTarget.value)} />
        </Field>
        <Field id="pa-agency" label={t('tr.p.agency')} error={errors['pa-agency']}>
          <input id="pa-agency" value={v.agency} onInput={(e) => set('agency')(e.currentTarget.value)} data-testid="pa-agency" />
        </Field>
      </div>
      {error ? <div class="alert alert-error" role="alert">{errorMessage(t, error)}</div> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="pa-save">{busy ? t('net.saving') : t('tr.addParticipant')}</button>
        <button type="button" class="btn" onClick={onCancel}>{t('net.close')}</button>
      </div>
    </form>
  );
}
