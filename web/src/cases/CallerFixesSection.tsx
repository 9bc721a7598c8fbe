import { CALLER_LOW_BATTERY_PERCENT } from '@lookout/contracts';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks.ts';
import { clockTime } from '../shared/clock-time.ts';
import type { CaseDetail } from './case-types.ts';
import { batteryOutlookText, batteryTrendText, fixAgeText, fixBatteryText } from './caller-battery-text.ts';
import './caller-battery-i18n.ts';
import './caller-battery.css';

function BatterySummary({ detail, nowMs }: { detail: CaseDetail; nowMs: number }) {
  const { t } = useTranslation();
  const b = detail.callerBattery;
  if (b.level === null || b.at === null) return null;
  const low =
    b.level <= CALLER_LOW_BATTERY_PERCENT || (b.trend === 'draining' && b.minutesLeft !== null && b.minutesLeft <= 30);
  const trend = batteryTrendText(t, b);
  return (
    <div
      className={`cases-battery${low ? ' cases-battery-low' : ''}`}
      data-testid="caller-battery"
      data-trend={b.trend}
    >
      <strong>{t('callerBattery.title')}</strong>{' '}
      {t('callerBattery.lastReading', { level: Math.round(b.level), age: fixAgeText(t, b.at, nowMs) })}
      <br />
      <span data-testid="caller-battery-outlook">{batteryOutlookText(t, b)}</span>
      {trend ? <span className="muted"> · {trend}</span> : null}
    </div>
  );
}

/** A page open for an hour sends over a hundred fixes: the latest few say where and how the caller is. */
const SHOWN_FIXES = 10;

/** The caller's latest fixes, newest first, each with its battery and age, under the battery's trend. */
export function CallerFixesSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const nowMs = useNow(15_000);
  const all = detail.callerLocations.features;
  const fixes = all.slice(-SHOWN_FIXES).reverse();
  return (
    <section className="cases-section" data-testid="caller-fixes-section">
      <h4>{t('cases.fixes', { count: all.length })}</h4>
      <BatterySummary detail={detail} nowMs={nowMs} />
      <ul className="cases-fixes">
        {fixes.map((f) => {
          const p = f.properties;
          const battery = fixBatteryText(t, p.battery);
          return (
            <li key={p.id} data-testid="caller-fix">
              {clockTime(p.t)} ({fixAgeText(t, p.t, nowMs)}) · {t(`cases.source.${p.source}`)} · ±
              {Math.round(p.accuracyM)} m{battery ? ` · ${battery}` : ''} · {f.geometry.coordinates[1].toFixed(5)},{' '}
              {f.geometry.coordinates[0].toFixed(5)}
            </li>
          );
        })}
        {all.length > fixes.length ? (
          <li className="muted">{t('callerBattery.older', { count: all.length - fixes.length })}</li>
        ) : null}
      </ul>
    </section>
  );
}
