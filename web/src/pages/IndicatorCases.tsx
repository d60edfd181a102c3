// The cases behind a number (#/dashboard/cases?indicator=&unit=&tree=&period=&part=&page=):
// GET /api/v1/indicator-values/cases lists the cases a case-based
// indicator counts for a unit and period — the numerator (the cases that
// count as achieved) or the denominator (all the cases it is a share of) —
// with the case list's own visibility (restricted cases without names).
// Only roles with case work reach it (the API answers 403 otherwise).
import { listIndicators, listIndicatorCases, type Case, type Indicator, type User } from '../api';
import { useI18n } from '../i18n';
import { href, type Route } from '../router';
import { pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { RestrictedTag, StageTag, UnitName, shortDate, typeName } from '../components/CaseKit';
import { Tabs } from '../components/NetKit';
import { asTree, homeUnit, indName, isPercentKind, parsePeriod, periodLabel, useUnitOf } from '../components/IndKit';
import { dashHref } from './Dashboard';
import '../indicators.css';

const PAGE_SIZE = 25;

export function IndicatorCasesPage({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const q = route.query;
  const home = homeUnit(user);
  const indicator = (q.get('indicator') ?? '').replace(/[^a-z0-9_]/g, '');
  const unit = (q.get('unit') ?? '').replace(/\D/g, '') || home.code;
  const tree = asTree(q.get('tree')) ?? home.tree;
  const period = parsePeriod(q.get('period')) ? q.get('period')! : '';
  const part = q.get('part') === 'denominator' ? 'denominator' : 'numerator';
  const page = pageOf(q);
  const cat = useAsync(() => listIndicators().catch(() => [] as Indicator[]), []);
  const r = useAsync(() => listIndicatorCases({ indicator, unit: unit || null, tree, period, part, page, page_size: PAGE_SIZE }),
    [indicator, unit, tree, period, part, page]);
  const [picked] = useUnitOf(unit, tree);
  const def = cat.data?.find((i) => i.code === indicator);
  // The denominator has its own list only when cases give it too.
  const pct = def ? isPercentKind(def.kind) && def.denominator_source === 'cases' : false;
  const at = (p: string, pg?: number) => href(['dashboard', 'cases'], { indicator, unit, tree, period, part: p === 'numerator' ? null : p, page: pg && pg > 1 ? pg : null });
  const unitName = unit ? (picked?.name ?? unit) : t('ind.national');

  return (
    <div class="ind-page ind-cases" data-testid="indicator-cases-page">
      <p class="back"><a href={dashHref({ unit, tree, period, ind: indicator }, user)} data-testid="back-dashboard">← {t('icases.back')}</a></p>
      <h1>{t('icases.heading')}</h1>
      <dl class="kv icases-facts">
        <div class="kv-row"><dt>{t('dash.col.indicator')}</dt><dd data-testid="icases-indicator">{def ? indName(lang, def) : indicator}</dd></div>
        <div class="kv-row"><dt>{t('ind.unit')}</dt><dd data-testid="icases-unit">{unitName}</dd></div>
        <div class="kv-row"><dt>{t('ind.period')}</dt><dd>{periodLabel(t, period)}</dd></div>
      </dl>
      {pct && (
        <Tabs label={t('icases.parts')} items={[
          { href: at('numerator'), text: t('icases.numerator'), active: part === 'numerator', testid: 'icases-numerator' },
          { href: at('denominator'), text: t('icases.denominator'), active: part === 'denominator', testid: 'icases-denominator' },
        ]} />
      )}
      <p class="hint">{part === 'numerator' ? t('icases.numerator.hint') : t('icases.denominator.hint')}</p>
      <section aria-labelledby="icases-h" aria-live="polite">
        <h2 id="icases-h" class="count" data-testid="icases-total">{t('cases.total', { total: r.data?.total ?? '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0 ? <p class="empty" data-testid="icases-empty">{t('icases.none')}</p>
              : <>
                  <table class="table cases-table" data-testid="icases-list">
                    <thead>
                      <tr>
                        <th scope="col">{t('cases.col.no')}</th>
                        <th scope="col">{t('cases.col.person')}</th>
                        <th scope="col">{t('cases.col.type')}</th>
                        <th scope="col">{t('cases.col.unit')}</th>
                        <th scope="col">{t('cases.col.stage')}</th>
                        <th scope="col">{t('icases.opened')}</th>
                      </tr>
                    </thead>
                    <tbody>{r.data.items.map((c) => <Row key={c.id} c={c} />)}</tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total} hrefFor={(p) => at(part, p)} />
                </>}
      </section>
    </div>
  );
}

function Row({ c }: { c: Case }) {
  const { t } = useI18n();
  const hidden = c.identity_hidden || !c.person;
  return (
    <tr data-testid={`icase-${c.case_no}`}>
      <td class="cell-main">
        <a class="row-title code nowrap" href={href(['cases', String(c.id)])} data-testid="icase-link">{c.case_no}</a>
        {c.restricted && <span class="row-tags"><RestrictedTag /></span>}
      </td>
      <td data-label={t('cases.col.person')}>
        {hidden ? <span class="muted">{t('cases.hiddenName')}</span>
          : <span>{c.person!.full_name}{c.person!.birth_year ? <span class="muted"> · {c.person!.birth_year}</span> : null}</span>}
      </td>
      <td data-label={t('cases.col.type')}>{typeName(t, c.type)}</td>
      <td data-label={t('cases.col.unit')}><UnitName code={c.unit_code} tree={c.unit_tree} /></td>
      <td data-label={t('cases.col.stage')}><StageTag stage={c.stage} /></td>
      <td data-label={t('icases.opened')} class="nowrap">{shortDate(c.opened_at)}</td>
    </tr>
  );
}
