import { useTranslation } from 'react-i18next';

/** Switches between 中文 and English; i18next's detector remembers the choice in localStorage. */
export function LanguageSwitch({ onSwitched }: { onSwitched?: () => void }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button
      type="button"
      className="lang-switch"
      data-testid="lang-switch"
      lang={next}
      onClick={() => {
        onSwitched?.();
        void i18n.changeLanguage(next);
      }}
    >
      {t('nav.language')}
    </button>
  );
}
