// CSV import and export of the service network (#/imports?kind=&training=):
// choose what the file holds (participants also need their training), the
// columns it must have, a dry run, then the import with progress and
// Cancel (components/CsvImport.tsx); export links to the lists' CSV.
import { csvHref, listTrainings, type User } from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { useAsync } from '../util';
import { CsvImport } from '../components/CsvImport';
import { Panel, day } from '../components/NetKit';

const KINDS = ['facilities', 'trainings', 'communications', 'participants'] as const;
// The import columns (docs/network.md §CSV import); required ones first.
const COLUMNS: Record<string, { required: string[]; optional: string[] }> = {
  facilities: { required: ['name', 'type', 'ownership', 'unit_code'], optional: ['capacity', 'licence_no', 'licence_date', 'licence_issuer', 'address', 'phone', 'started_on', 'status', 'note'] },
  trainings: { required: ['title', 'topic', 'starts_on', 'ends_on', 'unit_code'], optional: ['organiser', 'place', 'note'] },
  communications: { required: ['unit_code', 'kind', 'topic', 'held_on'], optional: ['title', 'audience', 'reach_male', 'reach_female', 'note'] },
  participants: { required: ['full_name', 'sex', 'role'], optional: ['agency', 'position', 'unit_code', 'birth_year'] },
};

export function ImportsPage({ route }: { route: Route; user: User }) {
  const { t } = useI18n();
  const k = route.query.get('kind') ?? 'facilities';
  const kind = (KINDS as readonly string[]).includes(k) ? k : 'facilities';
  const training = (route.query.get('training') ?? '').replace(/\D/g, '');
  const go = (q: Record<string, string | null>) => { navigate(href(['imports'], { kind, training: kind === 'participants' ? training : null, ...q }), true); };
  const cols = COLUMNS[kind];
  return (
    <div class="net-page imports-page" data-testid="imports-page">
      <div class="page-head"><h1>{t('imp.heading')}</h1></div>
      <p class="muted intro">{t('imp.intro')}</p>
      <Panel id="imp-h" title={t('imp.what')} testid="import-panel">
        <fieldset class="field fieldset imp-kinds" data-testid="import-kind">
          <legend>{t('imp.kind')}</legend>
          <div class="reason-list">
            {KINDS.map((x) => (
              <label key={x} class={x === kind ? 'radio-card checked' : 'radio-card'}>
                <input type="radio" name="imp-kind" value={x} checked={x === kind} data-testid={`import-kind-${x}`}
                  onChange={() => go({ kind: x })} />
                <span>{t(`imp.kind.${x}` as 'imp.kind.facilities')}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {kind === 'participants' && <TrainingChoice value={training} onChange={(v) => go({ training: v })} />}
        <div class="imp-columns" data-testid="import-columns">
          <span class="label">{t('imp.columns')}</span>
          <p class="col-list">
            {cols.required.map((c) => <code key={c} class="col-name col-req" title={t('imp.required')}>{c}*</code>)}
            {cols.optional.map((c) => <code key={c} class="col-name">{c}</code>)}
          </p>
          <p class="hint">{t('imp.columns.hint')}</p>
        </div>
        <CsvImport id="imp" kind={kind} training={kind === 'participants' ? (training ? Number(training) : null) : null}
          disabled={kind === 'participants' && !training} />
      </Panel>
      <Panel id="exp-h" title={t('imp.export')} testid="export-panel">
        <p class="hint">{t('imp.export.hint')}</p>
        <div class="head-actions export-links">
          <a class="btn" href={csvHref('facilities', {})} download data-testid="export-facilities">{t('imp.kind.facilities')} (CSV)</a>
          <a class="btn" href={csvHref('trainings', {})} download data-testid="export-trainings">{t('imp.kind.trainings')} (CSV)</a>
          <a class="btn" href={csvHref('communications', {})} download data-testid="export-communications">{t('imp.kind.communications')} (CSV)</a>
          {training && <a class="btn" href={csvHref(`trainings/${training}/participants`, {})} download>{t('imp.kind.participants')} (CSV)</a>}
        </div>
      </Panel>
    </div>
  );
}

function TrainingChoice({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  const r = useAsync(() => listTrainings({ page_size: 100 }), []);
  return (
    <div class="field">
      <label for="imp-training">{t('imp.training')}<span class="req" aria-hidden="true"> *</span></label>
      <select id="imp-training" value={value} data-testid="import-training" onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{r.data ? t('net.choose') : t('app.loading')}</option>
        {r.data?.items.map((x) => <option key={x.id} value={String(x.id)}>{x.title} — {day(x.starts_on)}</option>)}
      </select>
      {r.data && r.data.total > r.data.items.length && <p class="hint">{t('imp.training.more')}</p>}
    </div>
  );
}
