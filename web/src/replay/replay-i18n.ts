import i18n from '../i18n.ts';
import en from '../locales/replay.en.json';
import zhCN from '../locales/replay.zh-CN.json';

// The replay texts live in their own locale files, merged into the app's one namespace.
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
