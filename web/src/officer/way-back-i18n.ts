import i18n from '../i18n.ts';
import { en, zhCN } from './way-back-locales.ts';

// Feature-local texts, merged into the app's one namespace.
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
