import type { User } from '../api';
import { hasKey, useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { Logo } from './Logo';

interface Props { user: User; onLogout: () => void; loggingOut: boolean }

export function TopBar({ user, onLogout, loggingOut }: Props) {
  const { t } = useI18n();
  const roleKey = `role.${user.role}`;
  const role = hasKey(roleKey) ? t(roleKey) : user.role;
  const scope = user.scope?.kind === 'unit' ? (user.scope.name || user.scope.code)
    : user.scope?.kind === 'facility' ? (user.scope.name || t('scope.facility', { id: user.scope.id }))
      : t('scope.national');
  return (
    <header class="topbar" data-testid="topbar">
      <a class="brand" href={user.scope?.kind === 'facility' ? `#/facilities/${user.scope.id}` : '#/units'}>
        <Logo />
        <span class="brand-name" data-testid="app-name">{t('app.name')}</span>
      </a>
      <div class="user" role="group" aria-label={t('shell.user')} data-testid="user-info">
        <a class="user-name user-link" href="#/account" title={t('account.link')} data-testid="user-name">
          {user.full_name || user.username}
        </a>
        <span class="user-meta">
          <span class="badge" data-testid="user-role">{role}</span>
          <span class="user-scope" data-testid="user-scope">{scope}</span>
        </span>
      </div>
      <div class="topbar-actions">
        <LangSwitch />
        <button type="button" class="btn btn-ghost" onClick={onLogout} disabled={loggingOut} data-testid="logout">
          {loggingOut ? t('shell.loggingOut') : t('shell.logout')}
        </button>
      </div>
    </header>
  );
}
