import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, isPending, listFacilities, logout, me, setUnauthorizedHandler, type User } from './api';
import { I18nContext, storeLang, storedLang, translator, type Lang } from './i18n';
import { navigate, useRoute, type Route } from './router';
import { LoginPage, type LoginNotice, type PendingLogin } from './pages/Login';
import { AccountPage } from './pages/Account';
import { UnitsPage } from './pages/Units';
import { UsersPage } from './pages/Users';
import { AuditPage } from './pages/Audit';
import { CasesPage } from './pages/Cases';
import { CasePage } from './pages/Case';
import { IntakePage } from './pages/Intake';
import { HotlinePage } from './pages/Hotline';
import { InboxPage } from './pages/Inbox';
import { FacilitiesPage } from './pages/Facilities';
import { FacilityPage } from './pages/Facility';
import { PlacementsPage } from './pages/Placements';
import { CarersPage } from './pages/Carers';
import { TrainingsPage } from './pages/Trainings';
import { TrainingPage } from './pages/Training';
import { CommunicationsPage } from './pages/Communications';
import { ImportsPage } from './pages/Imports';
import { DashboardPage } from './pages/Dashboard';
import { IndicatorCasesPage } from './pages/IndicatorCases';
import { PlansPage } from './pages/Plans';
import { PlanPage } from './pages/Plan';
import { AggregatesPage } from './pages/Aggregates';
import { indCan } from './components/IndKit';
import { can, ownFacility } from './components/NetKit';
import { TopBar } from './components/TopBar';
import { ErrorBox } from './components/ErrorBox';
import { Loading } from './components/Loading';

// The skip link moves focus without touching the hash (the hash is the route).
function skipToMain(e: Event) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

// The pages a role may open, in the order of the navigation; every role has
// the unit browser, its home.  Case work (docs/cases.md): province,
// district, commune and facility users have cases and their inbox; hotline
// operators take calls (and so may the province, district and commune) and
// open the intake case they created, without a case list of their own.
// The service network (docs/network.md): facilities for every reader of
// the network, alternative care for case workers, trainings and
// communications for managers and viewers (not facility staff), imports
// for those who may write; admin and auditor have none of it.  The
// indicators (docs/indicators.md): dashboard and plans for their readers,
// aggregate entry for those who may enter it.  Periodic reports
// (docs/reports.md) for every reader of the indicators.
type Page = 'units' | 'users' | 'audit' | 'inbox' | 'cases' | 'hotline'
  | 'facilities' | 'placements' | 'carers' | 'trainings' | 'communications' | 'imports'
  | 'dashboard' | 'plans' | 'aggregates' | 'reports' | 'account';
const CASE_WORKERS = ['province', 'district', 'commune', 'facility'];
const CALL_TAKERS = ['hotline', 'province', 'district', 'commune'];
function pagesOf(user: User): Page[] {
  if (user.role === 'admin') return ['units', 'users'];
  if (user.role === 'auditor') return ['units', 'audit'];
  const pages: Page[] = [];
  if (CASE_WORKERS.includes(user.role)) pages.push('inbox', 'cases');
  if (CALL_TAKERS.includes(user.role)) pages.push('hotline');
  if (can.facilities(user)) pages.push('facilities');
  if (can.casework(user)) pages.push('placements');
  if (can.activities(user)) pages.push('trainings', 'communications');
  if (can.write(user)) pages.push('imports');
  if (indCan.read(user)) pages.push('dashboard', 'reports');
  return [...pages, 'units'];
}
// Pages reachable without a tab of their own (carers: from the placements
// page; plans and aggregate entry: from the indicator tabs of the dashboard;
// one's own account: from one's name in the top bar).
function routesOf(user: User): Page[] {
  const pages: Page[] = [...pagesOf(user), 'account'];
  if (can.carers(user)) pages.push('carers');
  if (indCan.read(user)) pages.push('plans');
  if (indCan.aggregatesWrite(user)) pages.push('aggregates');
  return user.role === 'hotline' ? [...pages, 'cases'] : pages;
}
// Where a user lands: a facility user on their facility, others on the units.
function homeOf(user: User): string {
  const f = ownFacility(user);
  return f ? `#/facilities/${f}` : user.role === 'facility' ? '#/facilities' : '#/units';
}
// A facility user whose GET /me names only a unit scope: their facility is
// the one row of their facility list.
async function goHome(user: User) {
  if (ownFacility(user) || user.role !== 'facility') { navigate(homeOf(user), true); return; }
  try {
    const r = await listFacilities({ page_size: 2 });
    navigate(r.items.length === 1 ? `#/facilities/${r.items[0].id}` : '#/facilities', true);
  } catch {
    navigate('#/facilities', true);
  }
}
// The tab a page belongs to: plans and aggregate entry sit under the indicators.
const navOf = (page: string | undefined) => (page === 'plans' || page === 'aggregates' ? 'dashboard' : page);
const NAV_KEYS = {
  units: 'shell.nav.units', users: 'shell.nav.users', audit: 'shell.nav.audit',
  inbox: 'shell.nav.inbox', cases: 'shell.nav.cases', hotline: 'shell.nav.hotline',
  facilities: 'shell.nav.facilities', placements: 'shell.nav.placements', carers: 'shell.nav.carers',
  trainings: 'shell.nav.trainings', communications: 'shell.nav.communications', imports: 'shell.nav.imports',
  dashboard: 'shell.nav.dashboard', plans: 'shell.nav.plans', aggregates: 'shell.nav.aggregates',
  reports: 'shell.nav.reports', account: 'account.link',
} as const;

// The report pages are chunks of their own, fetched when first opened (not
// part of the first page load); a dropped connection shows a retry.
type ReportPages = {
  list: ComponentType<{ route: Route; user: User }>;
  one: ComponentType<{ route: Route; user: User }>;
};
let reportPages: Promise<ReportPages> | null = null;
function LazyReports({ route, user }: { route: Route; user: User }) {
  const [pages, setPages] = useState<ReportPages | null>(null);
  const [error, setError] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    reportPages ??= Promise.all([import('./pages/Reports'), import('./pages/Report')])
      .then(([a, b]) => ({ list: a.ReportsPage, one: b.ReportPage }));
    reportPages.then(setPages, () => { reportPages = null; setError(true); });
  }, [tick]);
  if (error) return <ErrorBox error={new ApiError(0, 'network', 'network error')} onRetry={() => { setError(false); setTick((x) => x + 1); }} />;
  if (!pages) return <Loading />;
  return route.path[1] ? <pages.one route={route} user={user} /> : <pages.list route={route} user={user} />;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const i18n = useMemo(() => ({
    lang,
    t: translator(lang),
    setLang: (l: Lang) => { storeLang(l); setLangState(l); },
  }), [lang]);
  const { t } = i18n;

  // undefined: still asking the server who we are.
  const [user, setUser] = useState<User | null | undefined>(undefined);
  // A reloaded page whose session is still at the second step of a login.
  const [pendingAtBoot, setPendingAtBoot] = useState<PendingLogin | null>(null);
  const [bootError, setBootError] = useState<unknown>(null);
  const [notice, setNotice] = useState<LoginNotice>(null);
  const [loggingOut, setLoggingOut] = useState(false);
  const route = useRoute();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang]);

  function boot() {
    setBootError(null);
    me().then((u) => {
      if (u && isPending(u.second_factor)) {
        setPendingAtBoot({ user: u, state: u.second_factor! });
        setUser(null);
      } else {
        setUser(u);
      }
    }, setBootError);
  }

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setUser((u) => {
        if (u) setNotice('expired');
        return null;
      });
    });
    boot();
  }, []);

  // Logged in: make sure we are on a known page.
  useEffect(() => {
    if (!user || routesOf(user).includes(route.path[0] as Page)) return;
    if (user.role === 'facility' && !route.path[0]) void goHome(user);
    else navigate(homeOf(user), true);
  }, [user, route]);

  async function doLogout() {
    setLoggingOut(true);
    try { await logout(); } catch { /* the session is dropped either way */ }
    setLoggingOut(false);
    setNotice('loggedOut');
    setUser(null);
    navigate('#/units', true);
  }

  let body;
  if (bootError) {
    body = <main class="boot" id="main"><ErrorBox error={bootError} onRetry={boot} /></main>;
  } else if (user === undefined) {
    body = <main class="boot" id="main"><p class="loading" aria-busy="true">{t('app.loading')}</p></main>;
  } else if (user === null) {
    body = <LoginPage notice={notice} pending={pendingAtBoot} onLogin={(u) => {
      setNotice(null);
      setPendingAtBoot(null);
      setUser(u);
      // A facility user lands on their facility (unless a link asked for a page).
      const path = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
      if (u.role === 'facility' && (path === '' || path === 'units')) void goHome(u);
    }} />;
  } else {
    body = (
      <div class="shell">
        <a class="skip-link" href="#/units" onClick={skipToMain}>{t('shell.skip')}</a>
        <TopBar user={user} onLogout={doLogout} loggingOut={loggingOut} />
        <nav class="mainnav" aria-label={t('shell.nav')}>
          {pagesOf(user).map((p) => (
            <a key={p} href={`#/${p}`} class={navOf(route.path[0]) === p ? 'active' : undefined}
              aria-current={navOf(route.path[0]) === p ? 'page' : undefined} data-testid={`nav-${p}`}>
              {t(NAV_KEYS[p])}
            </a>
          ))}
        </nav>
        <main id="main" class="content" tabIndex={-1}>
          {route.path[0] === 'units' && <UnitsPage route={route} user={user} />}
          {route.path[0] === 'account' && <AccountPage user={user} />}
          {route.path[0] === 'users' && user.role === 'admin' && <UsersPage route={route} user={user} />}
          {route.path[0] === 'audit' && user.role === 'auditor' && <AuditPage route={route} />}
          {route.path[0] === 'cases' && routesOf(user).includes('cases') && (
            route.path[1] === 'new' ? (pagesOf(user).includes('cases') && <IntakePage route={route} user={user} />)
              : route.path[1] ? <CasePage route={route} user={user} />
                : pagesOf(user).includes('cases') ? <CasesPage route={route} user={user} />
                  : <HotlinePage user={user} />
          )}
          {route.path[0] === 'inbox' && pagesOf(user).includes('inbox') && <InboxPage />}
          {route.path[0] === 'hotline' && pagesOf(user).includes('hotline') && <HotlinePage user={user} />}
          {route.path[0] === 'facilities' && pagesOf(user).includes('facilities') && (
            route.path[1] && route.path[1] !== 'new' ? <FacilityPage route={route} user={user} /> : <FacilitiesPage route={route} user={user} />
          )}
          {route.path[0] === 'placements' && pagesOf(user).includes('placements') && <PlacementsPage route={route} user={user} />}
          {route.path[0] === 'carers' && routesOf(user).includes('carers') && <CarersPage route={route} user={user} />}
          {route.path[0] === 'trainings' && pagesOf(user).includes('trainings') && (
            route.path[1] && route.path[1] !== 'new' ? <TrainingPage route={route} user={user} /> : <TrainingsPage route={route} user={user} />
          )}
          {route.path[0] === 'communications' && pagesOf(user).includes('communications') && <CommunicationsPage route={route} user={user} />}
          {route.path[0] === 'imports' && pagesOf(user).includes('imports') && <ImportsPage route={route} user={user} />}
          {route.path[0] === 'dashboard' && pagesOf(user).includes('dashboard') && (
            route.path[1] === 'cases' && indCan.cases(user) ? <IndicatorCasesPage route={route} user={user} /> : <DashboardPage route={route} user={user} />
          )}
          {route.path[0] === 'plans' && routesOf(user).includes('plans') && (
            route.path[1] && route.path[1] !== 'new' ? <PlanPage route={route} user={user} /> : <PlansPage route={route} user={user} />
          )}
          {route.path[0] === 'aggregates' && routesOf(user).includes('aggregates') && <AggregatesPage route={route} user={user} />}
          {route.path[0] === 'reports' && pagesOf(user).includes('reports') && <LazyReports route={route} user={user} />}
        </main>
      </div>
    );
  }
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}
