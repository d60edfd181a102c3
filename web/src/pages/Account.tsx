// #/account, one's own account, for every role (linked from the user's
// name in the top bar): who one is, "Đổi mật khẩu" (POST /auth/password;
// the server ends one's other sessions) and "Xác thực hai bước" — its state
// from GET /me, "Bật" (setup → secret and link → a code) and "Tắt"
// (password and a code).  docs/security.md §Second factor.
import { useState } from 'preact/hooks';
import { ApiError, changePassword, me, totpDisable, type User } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { fieldMessage, roleName, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { CodeField, TotpSetupForm, cleanCode, codeErrorText, codeValid } from '../components/TotpKit';

export function AccountPage({ user }: { user: User }) {
  const { t } = useI18n();
  const scope = user.scope?.kind === 'unit' ? (user.scope.name || user.scope.code)
    : user.scope?.kind === 'facility' ? (user.scope.name || user.scope.code)
      : t('scope.national');
  return (
    <div class="user-form account" data-testid="account-page">
      <h1>{t('account.heading')}</h1>
      <dl class="facts">
        <div><dt>{t('account.username')}</dt><dd class="code" data-testid="account-username">{user.username}</dd></div>
        <div><dt>{t('account.role')}</dt><dd>{roleName(t, String(user.role))}</dd></div>
        <div><dt>{t('account.scope')}</dt><dd>{scope}</dd></div>
      </dl>
      <PasswordChange />
      <SecondFactorPanel />
    </div>
  );
}

type Errors = { current?: unknown; fresh?: unknown; repeat?: unknown; form?: unknown };

function PasswordChange() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [fresh, setFresh] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    setDone(false);
    const e: Errors = {};
    if (!current) e.current = 'required';
    if (!fresh) e.fresh = 'required';
    else if (fresh === current) e.fresh = 'same';
    if (!e.fresh && repeat !== fresh) e.repeat = 'mismatch';
    setErrors(e);
    if (Object.keys(e).length) {
      document.getElementById(`pw-${Object.keys(e)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await changePassword(current, fresh);
      setCurrent(''); setFresh(''); setRepeat('');
      setDone(true);
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      const split: Errors = field === 'current_password' ? { current: err }
        : field === 'new_password' ? { fresh: err } : { form: err };
      setErrors(split);
      if (split.current) setCurrent('');
      if (split.form && err instanceof ApiError && err.code === 'too_many_attempts') setCurrent('');
    }
    setBusy(false);
  }

  const field = (id: 'current' | 'fresh' | 'repeat', label: MessageKey, value: string, set: (v: string) => void,
    autoComplete: string, hint?: MessageKey) => {
    const error = errors[id];
    const described = [hint ? `pw-${id}-hint` : '', error ? `pw-${id}-error` : ''].filter(Boolean).join(' ');
    return (
      <div class={error ? 'field has-error' : 'field'}>
        <label for={`pw-${id}`}>{t(label)}</label>
        <input id={`pw-${id}`} type="password" autoComplete={autoComplete} value={value}
          aria-invalid={error ? true : undefined} aria-describedby={described || undefined} data-testid={`pw-${id}`}
          onInput={(e) => set(e.currentTarget.value)} />
        {hint && <p class="hint" id={`pw-${id}-hint`}>{t(hint)}</p>}
        {error ? <p class="field-error" id={`pw-${id}-error`} data-testid={`pw-${id}-error`}>{pwMessage(error)}</p> : null}
      </div>
    );
  };
  const pwMessage = (e: unknown) => (e === 'mismatch' ? t('pw.mismatch') : e === 'same' ? t('pw.same') : fieldMessage(t, e));

  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="pw-h" data-testid="password-form">
      <h2 id="pw-h">{t('pw.heading')}</h2>
      {done && <div class="alert alert-success" role="status" data-testid="pw-done">{t('pw.done')}</div>}
      {errors.form ? <div class="alert alert-error" role="alert" data-testid="pw-error">{codeErrorText(t, errors.form)}</div> : null}
      <div class="form-grid form-grid-narrow">
        {field('current', 'pw.current', current, setCurrent, 'current-password')}
        {field('fresh', 'pw.new', fresh, setFresh, 'new-password', 'pw.hint')}
        {field('repeat', 'pw.repeat', repeat, setRepeat, 'new-password')}
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="pw-submit">
          {busy ? t('pw.saving') : t('pw.submit')}
        </button>
      </div>
    </form>
  );
}

type Mode = 'view' | 'enable' | 'disable';

function SecondFactorPanel() {
  const { t } = useI18n();
  const r = useAsync(() => me(), []);
  const [mode, setMode] = useState<Mode>('view');
  const [notice, setNotice] = useState<MessageKey | null>(null);
  // What this page turned it to, once it has (no second GET /me needed).
  const [changed, setChanged] = useState<boolean | null>(null);
  const on = changed ?? r.data?.second_factor === 'done';

  function finished(key: MessageKey, nowOn: boolean) {
    setMode('view');
    setNotice(key);
    setChanged(nowOn);
  }

  return (
    <section class="panel" aria-labelledby="tfa-h" data-testid="totp-panel">
      <div class="panel-head">
        <h2 id="tfa-h">{t('tfa.heading')}</h2>
        {r.data && (
          <span class={on ? 'status status-on' : 'status status-off'} data-testid="totp-state" data-state={on ? 'on' : 'off'}>
            {t(on ? 'tfa.state.on' : 'tfa.state.off')}
          </span>
        )}
      </div>
      <p>{t('tfa.about')}</p>
      {notice && mode === 'view' && <div class="alert alert-success" role="status" data-testid="totp-notice">{t(notice)}</div>}
      {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
        : !r.data ? <Loading />
          : mode === 'enable' ? <TotpSetupForm onDone={() => finished('tfa.enabled.done', true)} onCancel={() => setMode('view')} />
            : mode === 'disable' ? <DisableForm onDone={() => finished('tfa.disabled.done', false)} onCancel={() => setMode('view')} />
              : (
                <div class="form-actions">
                  {on
                    ? <button type="button" class="btn btn-danger-outline" onClick={() => { setNotice(null); setMode('disable'); }}
                        data-testid="totp-disable">{t('tfa.disable')}</button>
                    : <button type="button" class="btn btn-primary" onClick={() => { setNotice(null); setMode('enable'); }}
                        data-testid="totp-enable">{t('tfa.enable')}</button>}
                </div>
              )}
    </section>
  );
}

function DisableForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ password?: unknown; code?: unknown; form?: unknown }>({});
  const [busy, setBusy] = useState(false);

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    const e: typeof errors = {};
    if (!password) e.password = 'required';
    if (!codeValid(code)) e.code = 'code_format';
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      await totpDisable(password, cleanCode(code));
      onDone();
      return;
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      setErrors(field === 'password' ? { password: err } : field === 'code' ? { code: err } : { form: err });
      if (field === 'password') setPassword('');
      setCode('');
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate data-testid="totp-disable-form">
      <p>{t('tfa.disable.intro')}</p>
      {errors.form ? <div class="alert alert-error" role="alert" data-testid="totp-disable-error">{codeErrorText(t, errors.form)}</div> : null}
      <div class="form-grid form-grid-narrow">
        <div class={errors.password ? 'field has-error' : 'field'}>
          <label for="totp-disable-password">{t('tfa.password')}</label>
          <input id="totp-disable-password" type="password" autoComplete="current-password" value={password}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'totp-disable-password-error' : undefined}
            data-testid="totp-disable-password" onInput={(e) => setPassword(e.currentTarget.value)} />
          {errors.password ? (
            <p class="field-error" id="totp-disable-password-error" data-testid="totp-disable-password-error">
              {codeErrorText(t, errors.password)}
            </p>
          ) : null}
        </div>
        <CodeField id="totp-disable-code" value={code} onInput={setCode} error={errors.code} />
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-danger" disabled={busy} data-testid="totp-disable-submit">
          {busy ? t('tfa.verifying') : t('tfa.disable.submit')}
        </button>
        <button type="button" class="btn" onClick={onCancel} data-testid="totp-disable-cancel">{t('tfa.cancel')}</button>
      </div>
    </form>
  );
}
