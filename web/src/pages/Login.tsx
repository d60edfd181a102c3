import { useState } from 'preact/hooks';
import { login, type User } from '../api';
import { useI18n } from '../i18n';
import { errorMessage } from '../util';
import { LangSwitch } from '../components/LangSwitch';
import { Logo } from '../components/Logo';

export type LoginNotice = 'expired' | 'loggedOut' | null;

interface Props { onLogin: (u: User) => void; notice: LoginNotice }

export function LoginPage({ onLogin, notice }: Props) {
  const { t } = useI18n();
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
      const user = await login(username.trim(), password);
      onLogin(user);
    } catch (e) {
      setError(e);
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <div class="login-page" data-testid="login-page">
      <div class="login-lang"><LangSwitch /></div>
      <main class="login-card" id="main">
        <div class="login-brand">
          <Logo />
          <div>
            <div class="brand-name">{t('app.name')}</div>
            <div class="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <h1>{t('login.heading')}</h1>
        <p class="muted">{t('login.intro')}</p>
        {notice && error === null && (
          <div class="alert alert-info" role="status" data-testid="login-notice">
            {t(notice === 'expired' ? 'login.expired' : 'login.loggedOut')}
          </div>
        )}
        {error !== null && (
          <div class="alert alert-error" role="alert" data-testid="login-error">
            {error === 'required' ? t('login.required') : errorMessage(t, error)}
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
      </main>
    </div>
  );
}
