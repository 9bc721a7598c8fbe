import i18n from '../i18n.ts';
import en from '../locales/case-log.en.json';
import zhCN from '../locales/case-log.zh-CN.json';

i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
