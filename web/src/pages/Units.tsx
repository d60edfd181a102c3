// The unit browser: provinces by default, a diacritic-insensitive search,
// and one unit with its breadcrumb and children. All state lives in the
// URL hash (#/units/62?tree=2024&page=2) so back and reload work.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getUnit, listUnits, ApiError, type Tree, type Unit, type User } from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { levelName, pageOf, unitType, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';

const CHILD_PAGE = 200;
const SEARCH_PAGE = 50;
const DEBOUNCE_MS = 300;

function asTree(v: string | null): Tree | null {
  return v === '2024' || v === '2025' ? v : null;
}

export function UnitsPage({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const code = route.path[1] ?? null;
  const q = (route.query.get('q') ?? '').trim();
  const tree = asTree(route.query.get('tree'));
  const page = pageOf(route.query);
  // The tree shown as selected: the one asked for, else the user's own,
  // else the one the server answered with (its default).
  const [answeredTree, setAnsweredTree] = useState<Tree | null>(null);
  const scopeTree = user.scope?.kind === 'unit' ? user.scope.tree ?? null : null;
  const shownTree: Tree = tree ?? answeredTree ?? scopeTree ?? '2024';

  // Switching trees keeps the unit when its code exists in the other tree
  // (commune codes mostly do), else goes to that tree's provinces.
  async function setTree(next: Tree) {
    if (next === shownTree) return;
    if (code) {
      let found = true;
      try { await getUnit(code, next); } catch (e) {
        // Other errors: go there anyway; the page shows the error.
        found = !(e instanceof ApiError && e.status === 404);
      }
      navigate(href(found ? ['units', code] : ['units'], { tree: next }));
      return;
    }
    navigate(href(['units'], { tree: next, q }));
  }

  return (
    <div class="units" data-testid="units-page">
      <div class="page-head">
        <h1>{t('units.heading')}</h1>
        <div class="tree-switch">
          <span class="tree-label" id="tree-label">{t('units.tree')}</span>
          <div class="segmented" role="group" aria-labelledby="tree-label" data-testid="tree-switch">
            {(['2024', '2025'] as const).map((tr) => (
              <button
                type="button"
                key={tr}
                class={shownTree === tr ? 'seg active' : 'seg'}
                aria-pressed={shownTree === tr}
                title={t(tr === '2024' ? 'units.tree.hint.2024' : 'units.tree.hint.2025')}
                data-testid={`tree-${tr}`}
                onClick={() => setTree(tr)}
              >
                {t(tr === '2024' ? 'units.tree.2024' : 'units.tree.2025')}
              </button>
            ))}
          </div>
        </div>
      </div>
      <SearchBox q={q} tree={tree} />
      {code
        ? <UnitView code={code} tree={tree} shownTree={shownTree} page={page} onTree={setAnsweredTree} />
        : q
          ? <SearchResults q={q} tree={tree} page={page} onTree={setAnsweredTree} />
          : <Provinces tree={tree} user={user} shownTree={shownTree} onTree={setAnsweredTree} />}
    </div>
  );
}

function SearchBox({ q, tree }: { q: string; tree: Tree | null }) {
  const { t } = useI18n();
  const [text, setText] = useState(q);
  const timer = useRef<number | undefined>(undefined);
  const searching = useRef(q !== '');
  searching.current = q !== '';

  // Follow the URL when it changes from outside (back button, links).
  useEffect(() => { setText((cur) => (cur.trim() === q ? cur : q)); }, [q]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  function go(value: string, now = false) {
    window.clearTimeout(timer.current);
    const run = () => {
      const v = value.trim();
      if (v === q) return;
      // The first keystroke adds a history entry; later ones replace it.
      navigate(href(['units'], { q: v, tree }), searching.current && v !== '');
    };
    if (now) run(); else timer.current = window.setTimeout(run, DEBOUNCE_MS);
  }

  return (
    <form class="search" role="search" onSubmit={(e) => { e.preventDefault(); go(text, true); }}>
      <label class="visually-hidden" for="unit-search">{t('units.search')}</label>
      <input
        id="unit-search"
        type="search"
        placeholder={t('units.search.placeholder')}
        value={text}
        autoComplete="off"
        spellcheck={false}
        data-testid="unit-search"
        onInput={(e) => { const v = e.currentTarget.value; setText(v); go(v); }}
      />
      {text && (
        <button type="button" class="search-clear" aria-label={t('units.search.clear')}
          title={t('units.search.clear')} data-testid="unit-search-clear"
          onClick={() => { setText(''); go('', true); }}>
          ×
        </button>
      )}
    </form>
  );
}

function UnitList({ items, testid }: { items: Unit[]; testid: string }) {
  const { t } = useI18n();
  return (
    <ul class="unit-list" data-testid={testid}>
      {items.map((u) => (
        <li key={`${u.tree}-${u.code}`}>
          <a class="unit-card" href={href(['units', u.code], { tree: u.tree })} data-testid={`unit-${u.code}`}>
            <span class="unit-name">{u.name}</span>
            <span class="unit-meta">
              {unitType(t, u.type)} · <span class="code">{u.code}</span>
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

interface ListProps { tree: Tree | null; onTree: (t: Tree | null) => void }

function Provinces({ tree, user, shownTree, onTree }: ListProps & { user: User; shownTree: Tree }) {
  const { t } = useI18n();
  const r = useAsync(() => listUnits({ level: 1, tree, page_size: CHILD_PAGE }), [tree]);
  useEffect(() => { if (r.data?.items[0]) onTree(r.data.items[0].tree); }, [r.data]);
  const scope = user.scope?.kind === 'unit' ? user.scope : null;
  return (
    <section aria-labelledby="provinces-h">
      {scope && (!scope.tree || scope.tree === shownTree) && (
        <p class="my-scope">
          <a class="btn btn-small" href={href(['units', scope.code], { tree: scope.tree ?? tree })} data-testid="my-scope">
            {t('units.myScope', { name: scope.name || scope.code })}
          </a>
        </p>
      )}
      <h2 id="provinces-h">{t('units.provinces', { total: r.data?.total ?? '…' })}</h2>
      {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
        : !r.data ? <Loading />
          : <UnitList items={r.data.items} testid="province-list" />}
    </section>
  );
}

function SearchResults({ q, tree, page, onTree }: ListProps & { q: string; page: number }) {
  const { t } = useI18n();
  const r = useAsync(() => listUnits({ q, tree, page, page_size: SEARCH_PAGE }), [q, tree, page]);
  useEffect(() => { if (r.data?.items[0]) onTree(r.data.items[0].tree); }, [r.data]);
  return (
    <section aria-labelledby="results-h" aria-live="polite">
      <h2 id="results-h">{t('units.search.results', { q, total: r.data?.total ?? '…' })}</h2>
      {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
        : !r.data ? <Loading />
          : r.data.items.length === 0
            ? <p class="empty" data-testid="search-empty">{t('units.search.none', { q })}</p>
            : <>
                <UnitList items={r.data.items} testid="search-results" />
                <Paging page={page} pageSize={r.data.page_size || SEARCH_PAGE} total={r.data.total}
                  hrefFor={(p) => href(['units'], { q, tree, page: p })} />
              </>}
    </section>
  );
}

function UnitView({ code, tree, shownTree, page, onTree }: ListProps & { code: string; shownTree: Tree; page: number }) {
  const { t } = useI18n();
  const unit = useAsync(() => getUnit(code, tree), [code, tree]);
  const kids = useAsync(() => listUnits({ parent: code, tree, page, page_size: CHILD_PAGE }), [code, tree, page]);
  useEffect(() => { if (unit.data) onTree(unit.data.tree); }, [unit.data]);

  if (unit.error) {
    if (unit.error instanceof ApiError && unit.error.status === 404) {
      return (
        <div class="alert alert-warn" role="alert" data-testid="not-found">
          <span>{t('units.notFound', { code, tree: shownTree })}</span>
          <a class="btn btn-small" href={href(['units'], { tree })}>{t('units.back')}</a>
        </div>
      );
    }
    return <ErrorBox error={unit.error} onRetry={unit.reload} />;
  }
  const u = unit.data;
  if (!u || u.code !== code) return <Loading />;
  const utree = u.tree ?? tree;
  const path = (u.path ?? []).filter((p) => p.code);
  if (path[path.length - 1]?.code !== u.code) path.push({ code: u.code, name: u.name });
  const parent = path.length >= 2 ? path[path.length - 2] : null;

  return (
    <article class="unit-view" data-testid="unit-view" data-code={u.code}>
      <nav aria-label={t('units.breadcrumb')} class="breadcrumb" data-testid="breadcrumb">
        <ol>
          <li><a href={href(['units'], { tree: utree })}>{t('units.root')}</a></li>
          {path.map((p, i) => (
            <li key={p.code}>
              {i === path.length - 1
                ? <span aria-current="page">{p.name}</span>
                : <a href={href(['units', p.code], { tree: utree })}>{p.name}</a>}
            </li>
          ))}
        </ol>
      </nav>
      <header class="unit-head">
        <h2 data-testid="unit-name">
          <span class="unit-type-prefix">{unitType(t, u.type)}</span> {u.name}
        </h2>
        <dl class="facts">
          <div><dt>{t('units.type')}</dt><dd data-testid="unit-type">{unitType(t, u.type)}</dd></div>
          <div><dt>{t('units.code')}</dt><dd class="code" data-testid="unit-code">{u.code}</dd></div>
          <div><dt>{t('units.level')}</dt><dd>{levelName(t, u.level, utree ?? '2024')}</dd></div>
          <div><dt>{t('units.tree')}</dt><dd>{utree}</dd></div>
        </dl>
        {parent && (
          <a class="btn btn-small" href={href(['units', parent.code], { tree: utree })} data-testid="unit-parent">
            ↑ {t('units.openParent')}: {parent.name}
          </a>
        )}
      </header>
      <section aria-labelledby="children-h">
        <h3 id="children-h">{t('units.children', { total: kids.data?.total ?? '…' })}</h3>
        {kids.error ? <ErrorBox error={kids.error} onRetry={kids.reload} />
          : !kids.data ? <Loading />
            : kids.data.items.length === 0
              ? <p class="empty" data-testid="children-empty">{t('units.children.none')}</p>
              : <>
                  <UnitList items={kids.data.items} testid="children" />
                  <Paging page={page} pageSize={kids.data.page_size || CHILD_PAGE} total={kids.data.total}
                    hrefFor={(p) => href(['units', code], { tree: utree, page: p })} />
                </>}
      </section>
    </article>
  );
}
