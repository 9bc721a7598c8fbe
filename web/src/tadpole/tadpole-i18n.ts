import i18n from '../i18n.ts';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

// The tadpole texts live in their own locale files, merged into the app's one namespace (like the case texts).
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
