import { useEffect, useMemo, useState } from 'preact/hooks';
import { logout, me, setUnauthorizedHandler, type User } from './api';
import { I18nContext, storeLang, storedLang, translator, type Lang } from './i18n';
import { navigate, useRoute } from './router';
import { LoginPage, type LoginNotice } from './pages/Login';
import { UnitsPage } from './pages/Units';
import { UsersPage } from './pages/Users';
import { AuditPage } from './pages/Audit';
import { CasesPage } from './pages/Cases';
import { CasePage } from './pages/Case';
import { IntakePage } from './pages/Intake';
import { HotlinePage } from './pages/Hotline';
import { InboxPage } from './pages/Inbox';
import { TopBar } from './components/TopBar';
import { ErrorBox } from './components/ErrorBox';

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
type Page = 'units' | 'users' | 'audit' | 'inbox' | 'cases' | 'hotline';
const CASE_WORKERS = ['province', 'district', 'commune', 'facility'];
const CALL_TAKERS = ['hotline', 'province', 'district', 'commune'];
function pagesOf(user: User): Page[] {
  if (user.role === 'admin') return ['units', 'users'];
  if (user.role === 'auditor') return ['units', 'audit'];
  const pages: Page[] = [];
  if (CASE_WORKERS.includes(user.role)) pages.push('inbox', 'cases');
  if (CALL_TAKERS.includes(user.role)) pages.push('hotline');
  return [...pages, 'units'];
}
// Pages reachable without a tab of their own.
function routesOf(user: User): Page[] {
  const pages = pagesOf(user);
  return user.role === 'hotline' ? [...pages, 'cases'] : pages;
}
const NAV_KEYS = {
  units: 'shell.nav.units', users: 'shell.nav.users', audit: 'shell.nav.audit',
  inbox: 'shell.nav.inbox', cases: 'shell.nav.cases', hotline: 'shell.nav.hotline',
} as const;

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
    me().then(setUser, setBootError);
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
    if (user && !routesOf(user).includes(route.path[0] as Page)) navigate('#/units', true);
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
    body = <LoginPage notice={notice} onLogin={(u) => { setNotice(null); setUser(u); }} />;
  } else {
    body = (
      <div class="shell">
        <a class="skip-link" href="#/units" onClick={skipToMain}>{t('shell.skip')}</a>
        <TopBar user={user} onLogout={doLogout} loggingOut={loggingOut} />
        <nav class="mainnav" aria-label={t('shell.nav')}>
          {pagesOf(user).map((p) => (
            <a key={p} href={`#/${p}`} class={route.path[0] === p ? 'active' : undefined}
              aria-current={route.path[0] === p ? 'page' : undefined} data-testid={`nav-${p}`}>
              {t(NAV_KEYS[p])}
            </a>
          ))}
        </nav>
        <main id="main" class="content" tabIndex={-1}>
          {route.path[0] === 'units' && <UnitsPage route={route} user={user} />}
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
        </main>
      </div>
    );
  }
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}
