import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areaName, type GapPiece } from './coverage-features.ts';
import { areaText, parseAltitude, planFigures } from './coverage-format.ts';
import { useCoverageStore } from './coverage-store.ts';

/** The selected gap: its size, the height to fly at, 建议航线 and the suggested flight's figures. */
export function GapPlanner({ gap }: { gap: GapPiece }) {
  const { t } = useTranslation();
  const store = useCoverageStore();
  const [height, setHeight] = useState('60');
  const altitude = parseAltitude(height);
  const ringName = (percent: string) => t('coverage.ring', { percent });
  const plan = store.plan;
  return (
    <div className="coverage-planner" data-testid="coverage-planner" data-gap={gap.key}>
      <div className="cases-row">
        <span>
          {t('coverage.selected', {
            area: areaName(store.data?.areas ?? [], gap.within, ringName),
            size: areaText(gap.areaM2),
          })}
        </span>
        <button type="button" onClick={() => store.selectGap(null)} data-testid="coverage-unselect">
          {t('coverage.unselect')}
        </button>
      </div>
      <div className="cases-row">
        <label className="coverage-height">
          {t('coverage.height')}
          <input
            type="number"
            inputMode="numeric"
            min={10}
            max={500}
            step={5}
            value={height}
            onChange={(e) => setHeight(e.target.value)}
            aria-invalid={altitude === null}
            data-testid="coverage-height"
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={altitude === null || store.planBusy}
          onClick={() => altitude !== null && void store.suggest(altitude)}
          data-testid="coverage-suggest"
        >
          {store.planBusy ? t('coverage.suggesting') : `✈ ${t('coverage.suggest')}`}
        </button>
      </div>
      {altitude === null ? <p className="error">{t('coverage.heightBad')}</p> : null}
      {store.planError ? <p className="error">{t('coverage.planError', { message: store.planError })}</p> : null}
      {plan ? (
        <div className="cases-row coverage-plan" data-testid="coverage-plan">
          <span>
            {t('coverage.plan', { ...planFigures(plan.properties), hfov: Math.round(plan.properties.hfovDeg) })}
          </span>
          <button type="button" onClick={() => store.clearPlan()} data-testid="coverage-clear">
            {t('coverage.clear')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
