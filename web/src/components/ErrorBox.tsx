import { useI18n } from '../i18n';
import { errorMessage } from '../util';

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="alert alert-error" role="alert" data-testid="error">
      <span>{errorMessage(t, error)}</span>
      {onRetry && <button type="button" class="btn btn-small" onClick={onRetry}>{t('error.retry')}</button>}
    </div>
  );
}
