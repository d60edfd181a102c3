import { useI18n } from '../i18n';

export function Loading() {
  const { t } = useI18n();
  return <p class="loading" aria-busy="true" data-testid="loading">{t('app.loading')}</p>;
}
