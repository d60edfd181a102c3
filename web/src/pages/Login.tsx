// The login page: username and password, then, when the server answers
// that the session is pending (docs/security.md §Second factor), the
// second step — a 6-digit code from the authenticator app, or, for a user
// whose role requires a second factor they have not set up, the enrolment
// (secret, then a code).  Only after that does the app open.
import { useState } from 'preact/hooks';
import { ApiError, login, logout, totpVerify, type SecondFactor, type User } from '../api';
import { useI18n } from '../i18n';
import { errorMessage, roleName } from '../util';
import { LangSwitch } from '../components/LangSwitch';
import { Logo } from '../components/Logo';
import { CodeField, TotpSetupForm, cleanCode, codeValid } from '../components/TotpKit';

export type LoginNotice = 'expired' | 'loggedOut' | null;

// A session past the password but not the second step.
export interface PendingLogin { user: User; state: SecondFactor }

interface Props { onLogin: (u: User) => void; notice: LoginNotice; pending?: PendingLogin | null }

export function LoginPage({ onLogin, notice, pending: pendingAtBoot }: Props) {
  const { t } = useI18n();
  const [pending, setPending] = useState<PendingLogin | null>(pendingAtBoot ?? null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  // The error itself, not its text, so a language switch re-translates it.
  const [error, setError] = useState<unknown>(null);

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError('required');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await login(username.trim(), password);
      if (r.second_factor === 'required' || r.second_factor === 'enrolment_required') {
        setPassword('');
        setBusy(false);
        setPending({ user: r.user, state: r.second_factor });
      } else {
        onLogin(r.user);
      }
    } catch (e) {
      setError(e);
      setPassword('');
      setBusy(false);
    }
  }

  // Back to the first step: the pending session is ended on the server.
  async function restart(e: unknown) {
    try { await logout(); } catch { /* the pending session expires anyway */ }
    setPending(null);
    setError(e);
  }

  return (
    <div class="login-page" data-testid="login-page">
      <div class="login-lang"><LangSwitch /></div>
      <main class={pending?.state === 'enrolment_required' ? 'login-card login-card-wide' : 'login-card'} id="main">
        <div class="login-brand">
          <Logo />
          <div>
            <div class="brand-name">{t('app.name')}</div>
            <div class="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        {pending?.state === 'required' && <SecondStep pending={pending} onLogin={onLogin} onRestart={restart} />}
        {pending?.state === 'enrolment_required' && <Enrolment pending={pending} onLogin={onLogin} onRestart={restart} />}
        {!pending && <>
          <h1>{t('login.heading')}</h1>
          <p class="muted">{t('login.intro')}</p>
          {notice && error === null && (
            <div class="alert alert-info" role="status" data-testid="login-notice">
              {t(notice === 'expired' ? 'login.expired' : 'login.loggedOut')}
            </div>
          )}
          {error !== null && (
            <div class="alert alert-error" role="alert" data-testid="login-error">
              {error === 'required' ? t('login.required') : error === 'expired' ? t('login.expired') : errorMessage(t, error)}
            </div>
          )}
          <form onSubmit={submit} noValidate data-testid="login-form">
            <label class="field">
              <span>{t('login.username')}</span>
              <input
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellcheck={false}
                value={username}
                onInput={(e) => setUsername(e.currentTarget.value)}
                data-testid="login-username"
                autoFocus
              />
            </label>
            <label class="field">
              <span>{t('login.password')}</span>
              <input
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
                data-testid="login-password"
              />
            </label>
            <button type="submit" class="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
              {busy ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
        </>}
      </main>
    </div>
  );
}

interface StepProps { pending: PendingLogin; onLogin: (u: User) => void; onRestart: (e: unknown) => void }

// A 401 other than a wrong code means the pending session is gone (expired,
// or ended elsewhere): start again from the password.
const sessionGone = (e: unknown) => e instanceof ApiError && e.status === 401 && e.code !== 'invalid_code';

// "Nhập mã 6 chữ số từ ứng dụng xác thực".
function SecondStep({ pending, onLogin, onRestart }: StepProps) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    if (!codeValid(code)) {
      setError('code_format');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onLogin(await totpVerify(cleanCode(code)));
    } catch (e) {
      if (sessionGone(e)) { onRestart('expired'); return; }
      setError(e);
      setCode('');
      setBusy(false);
    }
  }

  return (
    <div data-testid="totp-step">
      <h1>{t('tfa.step.heading')}</h1>
      <p class="muted">{t('tfa.step.intro')}</p>
      <p class="muted" data-testid="totp-step-user">{t('tfa.step.who', { username: pending.user.username })}</p>
      <form onSubmit={submit} noValidate data-testid="totp-step-form">
        <CodeField id="totp-code" value={code} onInput={setCode} error={error} autoFocus />
        <button type="submit" class="btn btn-primary btn-block" disabled={busy} data-testid="totp-submit">
          {busy ? t('tfa.verifying') : t('tfa.verify')}
        </button>
      </form>
      <p class="login-other">
        <button type="button" class="btn btn-link" onClick={() => onRestart(null)} data-testid="totp-other-account">
          {t('tfa.other_account')}
        </button>
      </p>
    </div>
  );
}

// The role requires a second factor the user has not set up: set it up now.
function Enrolment({ pending, onLogin, onRestart }: StepProps) {
  const { t } = useI18n();
  return (
    <div data-testid="totp-enrol">
      <h1>{t('tfa.enrol.heading')}</h1>
      <p class="alert alert-info" data-testid="totp-enrol-intro">
        {t('tfa.enrol.intro', { role: roleName(t, String(pending.user.role)) })}
      </p>
      <TotpSetupForm onDone={() => onLogin(pending.user)} onSessionGone={() => onRestart('expired')} />
      <p class="login-other">
        <button type="button" class="btn btn-link" onClick={() => onRestart(null)} data-testid="totp-other-account">
          {t('tfa.other_account')}
        </button>
      </p>
    </div>
  );
}
