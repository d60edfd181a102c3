// The pieces of the TOTP second factor shared by the login's second step,
// enrolment at login (pages/Login.tsx) and the account page
// (pages/Account.tsx): the 6-digit code field, the secret shown in groups
// of four with its otpauth:// link to copy, and the set-up form (setup →
// secret → confirm with a code).  No QR code: no package in package.json
// draws one, and the key can be typed into any authenticator app.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, totpConfirm, totpSetup } from '../api';
import { useI18n, type T } from '../i18n';
import { fieldMessage } from '../util';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';

// The code as typed, without the spaces some apps show ("123 456").
export const cleanCode = (v: string) => v.replace(/\s+/g, '');
export const codeValid = (v: string) => /^\d{6}$/.test(cleanCode(v));

// "JBSW Y3DP …": easier to read out and type.
export const groupSecret = (s: string) => (s.match(/.{1,4}/g) ?? []).join(' ');

// A message for an error at a code or password field: too many attempts in
// the words of this step, the rest by code (error.invalid_code, …).
export function codeErrorText(t: T, e: unknown): string {
  if (e === 'code_format') return t('tfa.error.code_format');
  if (e instanceof ApiError && e.code === 'too_many_attempts') return t('tfa.error.too_many_attempts');
  return fieldMessage(t, e);
}

interface CodeFieldProps {
  id: string;
  value: string;
  onInput: (v: string) => void;
  error?: unknown;
  autoFocus?: boolean;
}

// The one-time code: digits on a phone's keypad, filled in by the browser
// or password manager when it offers (autocomplete one-time-code).
export function CodeField({ id, value, onInput, error, autoFocus }: CodeFieldProps) {
  const { t } = useI18n();
  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{t('tfa.code')}</label>
      <input id={id} class="code-input" name="one-time-code" inputMode="numeric" autoComplete="one-time-code"
        pattern="[0-9 ]*" maxLength={7} spellcheck={false} value={value} autoFocus={autoFocus}
        aria-invalid={error ? true : undefined} aria-describedby={described} data-testid={id}
        onInput={(e) => onInput(e.currentTarget.value)} />
      <p class="hint" id={`${id}-hint`}>{t('tfa.code.hint')}</p>
      {error ? <p class="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>{codeErrorText(t, error)}</p> : null}
    </div>
  );
}

// Copies text; where the clipboard is refused the text is selected so
// Ctrl+C (or the phone's menu) copies it.
function CopyButton({ text, target, label, testid }: { text: string; target: string; label: string; testid: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      const el = document.getElementById(target);
      if (el) window.getSelection()?.selectAllChildren(el);
    }
  }
  return (
    <button type="button" class="btn btn-small" aria-label={label} onClick={copy} data-testid={testid}>
      {copied ? t('tfa.copied') : t('tfa.copy')}
    </button>
  );
}

// The new secret in groups of four and its otpauth:// link, both copyable.
export function SecretBox({ secret, uri }: { secret: string; uri: string }) {
  const { t } = useI18n();
  return (
    <div class="totp-secret" data-testid="totp-secret-box">
      <div class="totp-secret-row">
        <span class="totp-secret-label" id="totp-secret-label">{t('tfa.secret')}</span>
        <code id="totp-secret" class="totp-key" aria-labelledby="totp-secret-label" data-testid="totp-secret"
          data-secret={secret}>{groupSecret(secret)}</code>
        <CopyButton text={secret} target="totp-secret" label={t('tfa.copy.secret')} testid="totp-copy-secret" />
      </div>
      <div class="totp-secret-row">
        <span class="totp-secret-label" id="totp-uri-label">{t('tfa.uri')}</span>
        <code id="totp-uri" class="totp-uri" aria-labelledby="totp-uri-label" data-testid="totp-uri">{uri}</code>
        <CopyButton text={uri} target="totp-uri" label={t('tfa.copy.uri')} testid="totp-copy-uri" />
      </div>
      <p class="hint">{t('tfa.secret.warn')}</p>
    </div>
  );
}

// Setup then confirm: asks the server for a new secret when shown, and
// turns it on with the first good code.  At a pending login's enrolment
// the confirm also replaces the session (api.ts keeps the new CSRF token);
// a 401 there means the pending session is gone (onSessionGone).
interface SetupProps { onDone: () => void; onCancel?: () => void; onSessionGone?: () => void }

export function TotpSetupForm({ onDone, onCancel, onSessionGone }: SetupProps) {
  const { t } = useI18n();
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setLoadError(null);
    totpSetup().then(setSetup, (e) => {
      if (onSessionGone && e instanceof ApiError && e.status === 401) onSessionGone();
      else setLoadError(e);
    });
  }, [tick]);

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
      await totpConfirm(cleanCode(code));
      onDone();
    } catch (e) {
      if (onSessionGone && e instanceof ApiError && e.status === 401) { onSessionGone(); return; }
      setError(e);
      setCode('');
      setBusy(false);
    }
  }

  if (loadError) return <ErrorBox error={loadError} onRetry={() => setTick((x) => x + 1)} />;
  if (!setup) return <Loading />;
  return (
    <form class="totp-setup" onSubmit={submit} noValidate data-testid="totp-setup-form">
      <ol class="totp-steps">
        <li>{t('tfa.setup.step1')}</li>
        <li>{t('tfa.setup.step2')}<SecretBox secret={setup.secret} uri={setup.uri} /></li>
        <li>{t('tfa.setup.step3')}</li>
      </ol>
      <CodeField id="totp-setup-code" value={code} onInput={setCode} error={error} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="totp-setup-confirm">
          {busy ? t('tfa.verifying') : t('tfa.confirm')}
        </button>
        {onCancel && (
          <button type="button" class="btn" onClick={onCancel} data-testid="totp-setup-cancel">{t('tfa.cancel')}</button>
        )}
      </div>
    </form>
  );
}
