// The case list (#/cases?type=&stage=&unit=&overdue=true&mine=1&q=&page=):
// filters kept in the address so back/forward and links keep them, paging,
// deadlines as badges; restricted cases show "Hạn chế" and never a name.
import { useEffect, useRef, useState } from 'preact/hooks';
import { CASE_TYPES, STAGES, getUnit, listCases, type Case, type Tree, type User } from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import {
  OverdueBadge, RestrictedTag, StageTag, UrgencyTag, ownUnit, shortDate, dueDay, dueText, typeName, stageName, workerName, UnitName,
} from '../components/CaseKit';
import { UnitField } from '../components/UnitField';
import type { PickedUnit } from '../components/UnitPicker';

const PAGE_SIZE = 25;
const DEBOUNCE_MS = 350;

interface Filters {
  type: string;
  stage: string;
  unit: string;
  overdue: boolean;
  mine: boolean;
  q: string;
}

function filtersOf(q: URLSearchParams): Filters {
  const type = q.get('type') ?? '';
  const stage = q.get('stage') ?? '';
  return {
    type: (CASE_TYPES as readonly string[]).includes(type) ? type : '',
    stage: (STAGES as readonly string[]).includes(stage) ? stage : '',
    unit: (q.get('unit') ?? '').replace(/\D/g, ''),
    overdue: q.get('overdue') === 'true',
    mine: q.get('mine') === '1',
    q: (q.get('q') ?? '').trim(),
  };
}

function listHref(f: Filters, page?: number): string {
  return href(['cases'], {
    type: f.type, stage: f.stage, unit: f.unit, overdue: f.overdue ? 'true' : null,
    mine: f.mine ? '1' : null, q: f.q, page: page && page > 1 ? page : null,
  });
}

export function CasesPage({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const f = filtersOf(route.query);
  const page = pageOf(route.query);
  const own = ownUnit(user.scope);
  const r = useAsync(() => listCases({
    type: f.type, stage: f.stage, unit: f.unit, tree: f.unit ? own?.tree : null,
    overdue: f.overdue ? 'true' : null, assigned_to: f.mine ? 'me' : null, q: f.q,
    page, page_size: PAGE_SIZE,
  }), [f.type, f.stage, f.unit, f.overdue, f.mine, f.q, page]);
  const canOpen = user.role !== 'hotline';

  return (
    <div class="cases" data-testid="cases-page">
      <div class="page-head">
        <h1>{t('cases.heading')}</h1>
        {canOpen && <a class="btn btn-primary" href="#/cases/new" data-testid="case-add">{t('cases.add')}</a>}
      </div>
      <CaseFilters f={f} tree={(own?.tree ?? null) as Tree | null}
        byUnit={user.role === 'province' || user.role === 'district' || user.scope?.kind !== 'unit'} />
      <section aria-labelledby="cases-h" aria-live="polite">
        <h2 id="cases-h" class="count">{t('cases.total', { total: r.data?.total ?? '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0
              ? <p class="empty" data-testid="cases-empty">{t('cases.none')}</p>
              : <>
                  <table class="table cases-table" data-testid="case-list">
                    <thead>
                      <tr>
                        <th scope="col">{t('cases.col.no')}</th>
                        <th scope="col">{t('cases.col.person')}</th>
                        <th scope="col">{t('cases.col.type')}</th>
                        <th scope="col">{t('cases.col.unit')}</th>
                        <th scope="col">{t('cases.col.stage')}</th>
                        <th scope="col">{t('cases.col.due')}</th>
                        <th scope="col">{t('case.assigned')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.data.items.map((c) => <CaseRow key={c.id} c={c} me={user} />)}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total}
                    hrefFor={(p) => listHref(f, p)} />
                </>}
      </section>
    </div>
  );
}

function CaseRow({ c, me }: { c: Case; me: User }) {
  const { t } = useI18n();
  const hidden = c.identity_hidden || !c.person;
  return (
    <tr data-testid={`case-row-${c.case_no}`} class={c.overdue ? 'is-overdue' : undefined}>
      <td class="cell-main">
        <a class="row-title code nowrap" href={href(['cases', String(c.id)])} data-testid="case-link">{c.case_no}</a>
        <span class="row-tags">
          <UrgencyTag urgency={c.urgency} />
          {c.restricted && <RestrictedTag />}
        </span>
      </td>
      <td data-label={t('cases.col.person')} data-testid="case-person">
        {hidden
          ? <span class="muted">{t('cases.hiddenName')}</span>
          : <span>{c.person!.full_name}{c.person!.birth_year ? <span class="muted"> · {c.person!.birth_year}</span> : null}</span>}
      </td>
      <td data-label={t('cases.col.type')}>{typeName(t, c.type)}</td>
      <td data-label={t('cases.col.unit')}><UnitName code={c.unit_code} tree={c.unit_tree} /></td>
      <td data-label={t('cases.col.stage')}><StageTag stage={c.stage} /></td>
      <td data-label={t('cases.col.due')}>
        {c.stage === 'closed'
          ? <span class="muted">{t('case.closedOn', { when: shortDate(c.closed_at) })}</span>
          : <span class="due-cell">
              {c.due_at && <time dateTime={c.due_at} title={dueText(t, c.due_at)}>{dueDay(c.due_at)}</time>}
              <OverdueBadge c={c} />
            </span>}
      </td>
      <td data-label={t('case.assigned')} class={c.assigned_to ? 'nowrap' : 'cell-empty'}>
        {c.assigned_to ? workerName(t, c.assigned_to, me, c.assigned_name) : <span class="muted">{t('case.unassigned')}</span>}
      </td>
    </tr>
  );
}

// byUnit: offer the unit filter (supervisors, whose scope holds many units).
function CaseFilters({ f, tree, byUnit }: { f: Filters; tree: Tree | null; byUnit: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState(f.q);
  const [unit, setUnit] = useState<PickedUnit | null>(f.unit ? { code: f.unit } : null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => { setText((cur) => (cur.trim() === f.q ? cur : f.q)); }, [f.q]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  // A unit from the address: ask its name once.
  useEffect(() => {
    if (!f.unit) { setUnit(null); return; }
    if (unit?.code === f.unit && unit.name) return;
    setUnit({ code: f.unit });
    getUnit(f.unit, tree).then((u) => setUnit((cur) => (cur?.code === u.code ? { code: u.code, name: u.name, type: u.type, tree: u.tree } : cur)), () => {});
  }, [f.unit]);

  const go = (g: Partial<Filters>, replace = false) => navigate(listHref({ ...f, q: text.trim(), ...g }), replace);

  function typed(v: string) {
    setText(v);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => { if (v.trim() !== f.q) go({ q: v.trim() }, true); }, DEBOUNCE_MS);
  }

  const filtered = f.type || f.stage || f.unit || f.overdue || f.mine || f.q;
  return (
    <form class="filters case-filters" role="search" aria-label={t('cases.filters')}
      onSubmit={(e) => { e.preventDefault(); window.clearTimeout(timer.current); go({ q: text.trim() }); }}>
      <label class="field filter-grow">
        <span>{t('cases.search')}</span>
        <input type="search" value={text} placeholder={t('cases.search.placeholder')} autoComplete="off"
          spellcheck={false} data-testid="case-search" onInput={(e) => typed(e.currentTarget.value)} />
      </label>
      <label class="field field-half">
        <span>{t('cases.col.type')}</span>
        <select value={f.type} data-testid="case-type-filter" onChange={(e) => go({ type: e.currentTarget.value })}>
          <option value="">{t('cases.type.all')}</option>
          {CASE_TYPES.map((ty) => <option key={ty} value={ty}>{typeName(t, ty)}</option>)}
        </select>
      </label>
      <label class="field field-half">
        <span>{t('cases.col.stage')}</span>
        <select value={f.stage} data-testid="case-stage-filter" onChange={(e) => go({ stage: e.currentTarget.value })}>
          <option value="">{t('cases.stage.all')}</option>
          {STAGES.map((s) => <option key={s} value={s}>{stageName(t, s)}</option>)}
        </select>
      </label>
      {(byUnit || f.unit) && (
        <div class="field filter-unit">
          <label for="case-unit-filter">{t('cases.col.unit')}</label>
          <UnitField id="case-unit-filter" value={unit} tree={tree} emptyText={t('cases.unit.all')} compact
            onChange={(u) => { setUnit(u); go({ unit: u?.code ?? '' }); }} />
        </div>
      )}
      <div class="filter-checks">
        <label class="check">
          <input type="checkbox" checked={f.overdue} data-testid="case-overdue-filter"
            onChange={(e) => go({ overdue: e.currentTarget.checked })} />
          <span>{t('cases.overdueOnly')}</span>
        </label>
        <label class="check">
          <input type="checkbox" checked={f.mine} data-testid="case-mine-filter"
            onChange={(e) => go({ mine: e.currentTarget.checked })} />
          <span>{t('cases.mine')}</span>
        </label>
        {filtered && <a class="btn btn-small" href="#/cases" data-testid="case-filters-clear">{t('cases.filters.clear')}</a>}
      </div>
    </form>
  );
}
