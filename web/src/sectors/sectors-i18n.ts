import i18n from '../i18n.ts';
import { ApiError } from '../api.ts';
import { en, zhCN } from './sector-locales.ts';

// Feature-local texts, merged into the app's one namespace.
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);

/** A refusal in the user's words: the sector reason the server gave (overlap, outside the rings…), else the code's. */
export function sectorErrText(err: unknown): string {
  if (err instanceof ApiError && err.details && typeof err.details === 'object') {
    const d = err.details as Record<string, unknown>;
    if (typeof d.reason === 'string') {
      return i18n.t(`sectors.errors.${d.reason}`, { ...d, defaultValue: err.message });
    }
  }
  return err instanceof Error ? err.message : String(err);
}
