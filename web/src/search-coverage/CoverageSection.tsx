import { useTranslation } from 'react-i18next';
import { getMap } from '../map/core/map-instance.ts';
import { boundsToMap } from '../map/core/datum.ts';
import { clockTime } from '../shared/clock-time.ts';
import { areaName, gapPieces, MIN_LABELLED_GAP_M2, type GapPiece } from './coverage-features.ts';
import { areaText } from './coverage-format.ts';
import { coverageStore, hasCoverage, useCoverageStore } from './coverage-store.ts';
import { CoverageTable } from './CoverageTable.tsx';
import { GapPlanner } from './GapPlanner.tsx';
import './coverage-i18n.ts';
import './coverage.css';

/** How many gaps the list names; the rest are on the map. */
const LISTED_GAPS = 5;

function showGap(g: GapPiece): void {
  coverageStore.selectGap(g);
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  getMap()?.fitBounds(boundsToMap(g.bounds), { padding: 60, maxZoom: 16, duration: reduced ? 0 : 600 });
}

/**
 * 覆盖 in the case panel (commander and pilot): the layer's toggle, per ring and sector the share each band covered
 * and the POD, the largest gaps (a click selects one and shows it), and the flight suggested for the selected gap.
 */
export function CoverageSection() {
  const { t } = useTranslation();
  const store = useCoverageStore();
  const data = store.data;
  const ringName = (percent: string) => t('coverage.ring', { percent });
  // The slivers between passes are on the map; the list names the places worth a flight.
  const gaps = data ? gapPieces(data).filter((g) => g.areaM2 >= MIN_LABELLED_GAP_M2) : [];
  return (
    <section className="cases-section coverage-section" data-testid="coverage-section">
      <div className="cases-row">
        <h4>{t('coverage.title')}</h4>
        <label className="coverage-toggle">
          <input
            type="checkbox"
            checked={store.shown}
            onChange={(e) => store.setShown(e.target.checked)}
            data-testid="coverage-toggle"
          />
          {t('coverage.show')}
        </label>
      </div>
      {store.error ? <p className="error">{t('coverage.error', { message: store.error })}</p> : null}
      {!data && !store.error ? <p className="muted">{t('coverage.loading')}</p> : null}
      {data ? (
        <>
          <p className="muted" data-testid="coverage-counted">
            {hasCoverage(data)
              ? t('coverage.counted', {
                  fixes: data.counted.fixes,
                  walked: data.counted.walkedPositions,
                  time: clockTime(data.at),
                })
              : t('coverage.none')}
          </p>
          {data.areas.length ? <CoverageTable areas={data.areas} /> : <p className="muted">{t('coverage.noAreas')}</p>}
          {data.areas.length ? (
            <>
              <h5>{t('coverage.gaps')}</h5>
              {gaps.length === 0 ? <p className="muted">{t('coverage.gapsNone')}</p> : null}
              <ul className="coverage-gaps" data-testid="coverage-gaps">
                {gaps.slice(0, LISTED_GAPS).map((g) => (
                  <li key={g.key}>
                    <button
                      type="button"
                      className={store.selected?.key === g.key ? 'active' : undefined}
                      aria-pressed={store.selected?.key === g.key}
                      onClick={() => showGap(g)}
                      data-testid="coverage-gap"
                      data-gap={g.key}
                    >
                      {t('coverage.gapLine', {
                        area: areaName(data.areas, g.within, ringName),
                        size: areaText(g.areaM2),
                      })}
                    </button>
                  </li>
                ))}
              </ul>
              {gaps.length > LISTED_GAPS ? (
                <p className="muted">{t('coverage.gapsMore', { n: gaps.length - LISTED_GAPS })}</p>
              ) : null}
              {store.selected ? (
                <GapPlanner gap={store.selected} />
              ) : gaps.length ? (
                <p className="muted">{t('coverage.pickGap')}</p>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
