// CSV upload of the service network (docs/network.md §CSV import): choose a
// file, a dry run first (every line's problem in a table, nothing stored),
// then the import on the server's own thread (POST /imports?async=true),
// followed every 300 ms (GET /imports/ID) with a progress bar and a Cancel
// button (POST /imports/ID/cancel: rolled back, nothing stored).
import { useEffect, useRef, useState } from 'preact/hooks';
import { cancelImport, getImport, importCsv, type ImportProblem, type ImportResult } from '../api';
import { useI18n, type T } from '../i18n';
import { errorMessage } from '../util';
import { Bar, label } from './NetKit';

const POLL_MS = 300;

interface Props {
  id: string;                    // prefix of the test ids and element ids
  kind: string;                  // facilities | trainings | communications | participants
  training?: number | null;      // participants: the training
  onStored?: (stored: number) => void;
  disabled?: boolean;            // e.g. participants without a training chosen
}

type Phase = 'idle' | 'checking' | 'checked' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

export function CsvImport({ id, kind, training, onStored, disabled }: Props) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [dry, setDry] = useState<ImportResult | null>(null);
  const [job, setJob] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const live = useRef(true);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => () => { live.current = false; window.clearTimeout(timer.current); }, []);
  // Another kind or training: start again.
  useEffect(() => { reset(); }, [kind, training]);

  function reset() {
    window.clearTimeout(timer.current);
    setPhase('idle'); setDry(null); setJob(null); setError(null); setCancelling(false);
  }

  async function check() {
    if (!file) return;
    setError(null); setJob(null); setPhase('checking');
    try {
      const r = await importCsv({ kind, training, dry_run: true }, file);
      if (!live.current) return;
      setDry(r); setPhase('checked');
    } catch (e) {
      if (!live.current) return;
      setError(e); setPhase('idle');
    }
  }

  function follow(jobId: number | string) {
    timer.current = window.setTimeout(async () => {
      try {
        const j = await getImport(jobId);
        if (!live.current) return;
        setJob(j);
        if (j.status === 'running') { follow(jobId); return; }
        finish(j);
      } catch (e) {
        if (!live.current) return;
        setError(e); setPhase('failed');
      }
    }, POLL_MS);
  }

  function finish(j: ImportResult) {
    setCancelling(false);
    if (j.status === 'cancelled') { setPhase('cancelled'); return; }
    if (j.status === 'failed' || (j.problems?.length ?? 0) > 0) { setPhase('failed'); return; }
    setPhase('done');
    onStored?.(j.stored);
  }

  async function start() {
    if (!file) return;
    setError(null); setPhase('starting');
    try {
      const r = await importCsv({ kind, training, async: true }, file);
      if (!live.current) return;
      if (r.status === 'running' && r.id !== undefined) {
        setJob({ ...r, rows_done: 0, rows_total: dry?.rows ?? 0, stored: 0, problems: [] });
        setPhase('running');
        follow(r.id);
      } else {
        // An answer without a job (stored at once, or problems).
        setJob({ ...r, status: r.problems?.length ? 'failed' : 'done' });
        finish({ ...r, status: r.problems?.length ? 'failed' : 'done' });
      }
    } catch (e) {
      if (!live.current) return;
      setError(e); setPhase('checked');
    }
  }

  async function cancel() {
    if (job?.id === undefined) return;
    setCancelling(true);
    try {
      await cancelImport(job.id);
    } catch (e) {
      // 409: it finished meanwhile; the next poll tells how.
      if (live.current) setError(e);
    }
  }

  const busy = phase === 'checking' || phase === 'starting' || phase === 'running';
  const clean = phase === 'checked' && dry && dry.problems.length === 0;
  const total = job?.rows_total || dry?.rows || 0;
  const done = job?.rows_done ?? 0;
  const ratio = total ? done / total : 0;
  return (
    <div class="csv-import" data-testid={id}>
      <div class="csv-file">
        <label class="field csv-file-field" for={`${id}-file`}>
          <span>{t('imp.file')}</span>
          <input ref={input} id={`${id}-file`} type="file" accept=".csv,text/csv" disabled={busy || disabled}
            data-testid={`${id}-file`}
            onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); reset(); }} />
        </label>
        <div class="form-actions">
          <button type="button" class="btn" disabled={!file || busy || disabled} onClick={check} data-testid={`${id}-check`}>
            {phase === 'checking' ? t('imp.checking') : t('imp.check')}
          </button>
          <button type="button" class="btn btn-primary" disabled={!clean || busy || disabled} onClick={start} data-testid={`${id}-start`}
            title={clean ? undefined : t('imp.checkFirst')}>
            {clean ? t('imp.startRows', { rows: dry!.rows ?? 0 }) : t('imp.start')}
          </button>
        </div>
      </div>
      <p class="hint">{t('imp.hint')}</p>
      {error ? <div class="alert alert-error" role="alert" data-testid={`${id}-error`}>{errorMessage(t, error)}</div> : null}

      {phase === 'checked' && dry && (dry.problems.length === 0
        ? <div class="alert alert-success" role="status" data-testid={`${id}-dry-ok`}>
            {t('imp.dryOk', { rows: dry.rows ?? 0 })}
          </div>
        : <Problems id={id} r={dry} />)}

      {(phase === 'running' || phase === 'starting') && (
        <div class="import-progress" role="status" aria-live="polite" data-testid={`${id}-progress`}>
          <div class="import-progress-head">
            <span data-testid={`${id}-progress-text`}>{t('imp.progress', { done, total, percent: Math.round(ratio * 100) })}</span>
            <button type="button" class="btn btn-small btn-danger-outline" onClick={cancel} disabled={cancelling || phase !== 'running'}
              data-testid={`${id}-cancel`}>
              {cancelling ? t('imp.cancelling') : t('imp.cancel')}
            </button>
          </div>
          <Bar ratio={ratio} tone="info" label={t('imp.progress', { done, total, percent: Math.round(ratio * 100) })} testid={`${id}-bar`} />
        </div>
      )}
      {phase === 'done' && job && (
        <div class="alert alert-success" role="status" data-testid={`${id}-done`}>
          <span>{t('imp.done', { stored: job.stored })}</span>
          <button type="button" class="btn btn-small" onClick={() => { setFile(null); if (input.current) input.current.value = ''; reset(); }}>
            {t('imp.another')}
          </button>
        </div>
      )}
      {phase === 'cancelled' && (
        <div class="alert alert-warn" role="status" data-testid={`${id}-cancelled`}>{t('imp.cancelled')}</div>
      )}
      {phase === 'failed' && job && (job.problems?.length
        ? <Problems id={id} r={job} />
        : <div class="alert alert-error" role="alert" data-testid={`${id}-failed`}>{t('imp.failed')}</div>)}
    </div>
  );
}

// A sentence in the user's language; the server's own words (English) under it.
function problemText(t: T, p: ImportProblem): string {
  const col = p.column || '';
  return label(t, `imp.problem.${p.code}.text`, '').replace('{column}', col) || label(t, `imp.problem.${p.code}`, p.code);
}

function Problems({ id, r }: { id: string; r: ImportResult }) {
  const { t } = useI18n();
  return (
    <div class="import-problems" data-testid={`${id}-problems`}>
      <div class="alert alert-error" role="alert">
        {t('imp.problems', { n: r.problems.length, rows: r.rows ?? r.rows_total ?? 0 })}
        {r.truncated ? ` ${t('imp.truncated')}` : ''}
      </div>
      <table class="table problems-table">
        <thead>
          <tr>
            <th scope="col">{t('imp.col.line')}</th>
            <th scope="col">{t('imp.col.column')}</th>
            <th scope="col">{t('imp.col.problem')}</th>
            <th scope="col">{t('imp.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {r.problems.map((p: ImportProblem, i) => (
            <tr key={i} data-testid={`${id}-problem`} data-line={p.line}>
              <td class="cell-main nowrap">{t('imp.line', { line: p.line })}</td>
              <td data-label={t('imp.col.column')} class="code">{p.column || '—'}</td>
              <td data-label={t('imp.col.problem')}>{label(t, `imp.problem.${p.code}`, p.code)}</td>
              <td data-label={t('imp.col.detail')} class="cell-detail">
                <span class="cell-body">{problemText(t, p)}
                  {p.message && <span class="block muted small" lang="en">{p.message}</span>}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
