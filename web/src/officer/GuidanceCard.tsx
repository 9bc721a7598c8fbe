import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentStatus, MyAssignment } from '../cases/case-types.ts';
import { currentLanguage } from '../i18n.ts';
import { compassPoint, distanceText, etaText, type Guidance, type Heights } from './guidance.ts';
import type { Loaded } from './use-my-assignment.ts';
import { WAY_BACK_LOOKAHEAD_M, type WayBack } from './way-back.ts';
import './way-back-i18n.ts';

/** What the card says of the way back: on the way, off the track, or arrived. */
function WayBackLine({ back }: { back: WayBack | null }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const text = !back
    ? t('officer.wayBack.mode')
    : back.arrived
      ? t('officer.wayBack.arrived')
      : back.offTrackM >= WAY_BACK_LOOKAHEAD_M
        ? t('officer.wayBack.offTrack', { distance: distanceText(back.offTrackM, lang) })
        : t('officer.wayBack.mode');
  return (
    <div className="officer-way-back" data-testid="officer-way-back" data-arrived={back?.arrived ? 'true' : 'false'}>
      ↩ {text}
    </div>
  );
}

/** The ground's height here and at the target, and what the climb adds to the walk (Naismith, said in the tooltip). */
function HeightsLine({ heights, guide }: { heights: Heights; guide: Guidance }) {
  const { t } = useTranslation();
  const climb = Math.round(guide.climbM ?? heights.toM - heights.fromM);
  const m = (v: number) => Math.round(v);
  return (
    <div
      className="officer-heights"
      data-testid="officer-heights"
      data-from={m(heights.fromM)}
      data-to={m(heights.toM)}
      data-climb={climb}
      data-climb-min={guide.climbMin}
      title={t('officer.terrain.rule')}
    >
      {t('officer.terrain.heights', { from: m(heights.fromM), to: m(heights.toM) })}
      {' · '}
      {climb > 0
        ? t('officer.terrain.climb', { m: climb, min: guide.climbMin })
        : climb < 0
          ? t('officer.terrain.descent', { m: -climb })
          : t('officer.terrain.level')}
    </div>
  );
}

/**
 * The card at the top: arrow, distance, ETA and bearing to the target (or, on the way back, to the start along the
 * officer's own track), the case and the status now.
 */
export function GuidanceCard({
  ref,
  loaded,
  mine,
  guide,
  heights,
  rotation,
  geoError,
  status,
  wayBack,
  wayBackOn,
  children,
}: {
  ref: Ref<HTMLElement>;
  loaded: Loaded;
  mine: MyAssignment | null;
  guide: Guidance | null;
  /** The ground's height here and at the target (null: no terrain, or on the way back). */
  heights: Heights | null;
  rotation: number;
  geoError: string | null;
  status: AssignmentStatus | null;
  /** 原路返回 is on (`wayBack` is null until there is a fix and a track to follow). */
  wayBack: WayBack | null;
  wayBackOn: boolean;
  /** More lines at the card's foot (his search sector). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const g = guide;
  return (
    <section className="officer-card" aria-live="polite" data-testid="officer-card" ref={ref}>
      {loaded.state === 'error' ? <p className="error">{t('officer.refused', { message: loaded.message })}</p> : null}
      {wayBackOn ? <WayBackLine back={wayBack} /> : null}
      {!mine?.assignment && !wayBackOn ? (
        <p className="officer-idle">{loaded.state === 'loading' ? t('map.loading') : t('officer.noAssignment')}</p>
      ) : (
        <>
          <div className="officer-guidance">
            <svg
              className="officer-arrow"
              viewBox="0 0 64 64"
              style={{ transform: `rotate(${rotation}deg)` }}
              aria-hidden="true"
              data-rotation={Math.round(rotation)}
            >
              <path d="M32 4 L54 58 L32 46 L10 58 Z" fill="#c62828" stroke="#fff" strokeWidth="3" />
            </svg>
            <div className="officer-numbers">
              {g ? (
                <>
                  <div className="officer-line">
                    <span className="officer-distance" data-testid="officer-distance" data-m={Math.round(g.distanceM)}>
                      {distanceText(g.distanceM, lang)}
                    </span>
                    <span className="officer-eta" data-testid="officer-eta" data-min={g.etaMin}>
                      {t('officer.eta')} {etaText(g.etaMin, lang)}
                    </span>
                  </div>
                  <div className="officer-bearing" data-testid="officer-bearing" data-deg={Math.round(g.bearingDeg)}>
                    {t('officer.bearing', {
                      deg: Math.round(g.bearingDeg),
                      point: t(`compass.${compassPoint(g.bearingDeg)}`),
                    })}
                  </div>
                  {heights ? <HeightsLine heights={heights} guide={g} /> : null}
                </>
              ) : (
                <div className="officer-eta">
                  {geoError ? t('officer.noFix', { message: geoError }) : t('officer.waitingFix')}
                </div>
              )}
            </div>
          </div>
          <div className="officer-case" title={mine?.case?.title ?? ''}>
            {mine?.case?.title ?? ''}
          </div>
          <div className="officer-status-line" data-testid="officer-status-line" data-status={status ?? ''}>
            {t('officer.statusNow', { status: status ? t(`officer.status.${status}`) : '' })}
          </div>
        </>
      )}
      {children}
    </section>
  );
}
