import { useI18n } from '../i18n';

interface Props {
  page: number;
  pageSize: number;
  total: number;
  hrefFor: (page: number) => string;
}

// Previous / next links; rendered only when there is more than one page.
export function Paging({ page, pageSize, total, hrefFor }: Props) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav class="paging" aria-label={t('paging.label')} data-testid="paging">
      {page > 1
        ? <a class="btn" href={hrefFor(page - 1)} rel="prev" data-testid="paging-prev">{t('paging.prev')}</a>
        : <span class="btn disabled" aria-disabled="true">{t('paging.prev')}</span>}
      <span class="paging-status">
        {t('paging.status', { page, pages })}
        <span class="muted"> · {t('paging.range', { from, to, total })}</span>
      </span>
      {page < pages
        ? <a class="btn" href={hrefFor(page + 1)} rel="next" data-testid="paging-next">{t('paging.next')}</a>
        : <span class="btn disabled" aria-disabled="true">{t('paging.next')}</span>}
    </nav>
  );
}
