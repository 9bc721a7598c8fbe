import i18n from '../i18n.ts';
import { placesEn, placesZhCN } from './places-texts.ts';

// The place-search texts live with the feature, merged into the app's one namespace.
i18n.addResourceBundle('zh-CN', 'translation', placesZhCN, true, false);
i18n.addResourceBundle('en', 'translation', placesEn, true, false);
