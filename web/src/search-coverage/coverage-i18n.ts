import i18n from '../i18n.ts';
import en from '../locales/coverage.en.json';
import zhCN from '../locales/coverage.zh-CN.json';

i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
