import i18n from '../i18n.ts';
import en from '../locales/reports.en.json';
import zhCN from '../locales/reports.zh-CN.json';

// The report texts live in their own locale files, merged into the app's one namespace.
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
