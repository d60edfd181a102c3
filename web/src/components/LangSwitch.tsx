import { useI18n, type Lang } from '../i18n';

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  const opt = (l: Lang) => (
    <button
      type="button"
      class={lang === l ? 'seg active' : 'seg'}
      aria-pressed={lang === l}
      lang={l}
      title={t(l === 'vi' ? 'lang.vi.name' : 'lang.en.name')}
      aria-label={t(l === 'vi' ? 'lang.vi.name' : 'lang.en.name')}
      data-testid={`lang-${l}`}
      onClick={() => setLang(l)}
    >
      {t(l === 'vi' ? 'lang.vi' : 'lang.en')}
    </button>
  );
  return (
    <div class="segmented lang-switch" role="group" aria-label={t('lang.switch')} data-testid="lang-switch">
      {opt('vi')}
      {opt('en')}
    </div>
  );
}
