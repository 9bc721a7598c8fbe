import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { silentMinutes } from '../cases/caller-battery-text.ts';
import '../cases/caller-battery-i18n.ts';
import type { BoardCase } from './board-types.ts';
import { newCallerSilences, silenceKey } from './caller-silence-alerts.ts';

/**
 * Announces each caller silence once, like a breach: `announce` gets the banner text. Silences already on the
 * board when it loads are known, not announced.
 */
export function useCallerSilenceBanner(cases: BoardCase[] | null, nowMs: number, announce: (text: string) => void) {
  const { t } = useTranslation();
  const seen = useRef<Set<string> | null>(null);
  const announceRef = useRef(announce);
  useEffect(() => {
    announceRef.current = announce;
  });
  useEffect(() => {
    if (!cases) return;
    const fresh = newCallerSilences(cases, seen.current ?? new Set());
    const keys = fresh.map((c) => silenceKey(c)!);
    if (seen.current === null) {
      seen.current = new Set(keys);
      return;
    }
    const first = fresh[0];
    if (!first?.callerSilence) return;
    for (const k of keys) seen.current.add(k);
    announceRef.current(
      t('callerBattery.silentBanner', {
        title: first.title,
        minutes: silentMinutes(first.callerSilence.lastFixAt, nowMs),
        level: Math.round(first.callerSilence.battery),
      }),
    );
  }, [cases, nowMs, t]);
}
