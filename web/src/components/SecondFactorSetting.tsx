// "Bắt buộc xác thực hai bước cho vai trò" on the users page (admins):
// GET /settings/second-factor shows which roles must use a second factor;
// a national admin changes it with a checkbox per role and Save (PUT), a
// unit admin reads it.  The server applies it from each user's next login.
import { useEffect, useState } from 'preact/hooks';
import { ROLES, getSecondFactorSetting, putSecondFactorSetting, type User } from '../api';
import { useI18n } from '../i18n';
import { errorMessage, roleName, useAsync } from '../util';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';

export function SecondFactorSetting({ me }: { me: User }) {
  const { t } = useI18n();
  const r = useAsync(() => getSecondFactorSetting(), []);
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const national = me.scope?.kind === 'national';
  useEffect(() => { if (r.data) setRoles(r.data.required_roles); }, [r.data]);

  function toggle(role: string, on: boolean) {
    setSaved(false);
    setRoles((cur) => (on ? [...cur.filter((x) => x !== role), role] : cur.filter((x) => x !== role)));
  }

  async function save(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const answer = await putSecondFactorSetting(ROLES.filter((x) => roles.includes(x)));
      setRoles(answer.required_roles);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  }

  return (
    <section class="panel" aria-labelledby="sfs-h" data-testid="second-factor-setting">
      <h2 id="sfs-h">{t('sfs.heading')}</h2>
      <p>{t('sfs.intro')}</p>
      {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
        : !r.data ? <Loading />
          : national ? (
            <form onSubmit={save} noValidate>
              {saved && <div class="alert alert-success" role="status" data-testid="sfs-saved">{t('sfs.saved')}</div>}
              {error ? <div class="alert alert-error" role="alert" data-testid="sfs-error">{errorMessage(t, error)}</div> : null}
              <fieldset class="fieldset">
                <legend>{t('sfs.label')}</legend>
                <div class="checks">
                  {ROLES.map((role) => (
                    <label key={role} class="check">
                      <input type="checkbox" checked={roles.includes(role)} data-testid={`sfs-role-${role}`}
                        onChange={(e) => toggle(role, e.currentTarget.checked)} />
                      <span>{roleName(t, role)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <p class="hint">{t('sfs.advice')}</p>
              <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled={busy} data-testid="sfs-save">
                  {busy ? t('sfs.saving') : t('sfs.save')}
                </button>
              </div>
            </form>
          ) : (
            <>
              <p data-testid="sfs-current">
                <strong>{t('sfs.label')}: </strong>
                {roles.length ? roles.map((x) => roleName(t, x)).join(', ') : t('sfs.none')}
              </p>
              <p class="hint">{t('sfs.readonly')}</p>
            </>
          )}
    </section>
  );
}
