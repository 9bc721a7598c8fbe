import i18n from '../i18n.ts';
import en from '../locales/drones.en.json';
import zhCN from '../locales/drones.zh-CN.json';

// DJI health, flight-task and drone panel texts in their own locale files, merged into the app's one namespace.
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
