import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig, User } from '../api-types.ts';
import { useNow } from '../hooks.ts';
import { ageText } from '../live/staleness.ts';
import { MapView } from '../map/core/MapView.tsx';
import { ensureMap } from '../officer/ensure-map.ts';
import { dateTime, durationWords, remaining } from './countdown.ts';
import { DeliveriesTab } from './DeliveriesTab.tsx';
import { reachOf, deliveryRows } from './delivery-rows.ts';
import { circlePolygon, groupFeatures, tipFeatures } from './map-features.ts';
import { PublicCardView } from './PublicCardView.tsx';
import { ReunionTab } from './ReunionTab.tsx';
import { tadpoleApi } from './tadpole-api.ts';
import type { LonLat } from './tadpole-types.ts';
import { PickLayer, TadpoleLayers, type TadpoleMapData } from './TadpoleLayers.tsx';
import { TimelineTab } from './TimelineTab.tsx';
import { TipsTab } from './TipsTab.tsx';
import { useAlert } from './use-alert.ts';
import { verifiesReports } from '../shared/roles.ts';

type Tab = 'deliveries' | 'tips' | 'reunion' | 'timeline';
const TABS: Tab[] = ['deliveries', 'tips', 'reunion', 'timeline'];

export function AlertView({
  alertId,
  user,
  config,
  onBack,
}: {
  alertId: string;
  user: User;
  config: AppConfig;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const { detail, deliveries, deliveriesError, groups, error, loadedAt, reload } = useAlert(alertId);
  const [tab, setTab] = useState<Tab>('deliveries');
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [pin, setPin] = useState<LonLat | null>(null);
  const a = detail?.alert ?? null;

  useEffect(() => {
    if (a) void ensureMap(config, [a.point.lon, a.point.lat], 14);
  }, [a, config]);

  const mapData = useMemo<TadpoleMapData>(() => {
    if (!detail) return { area: [], groups: [], point: null, pointLabel: '', tips: [] };
    const al = detail.alert;
    const area: unknown[] = [];
    if (detail.area) area.push({ type: 'Feature', geometry: detail.area, properties: { now: false } });
    if (!al.retractedAt && (!detail.area || (al.sentRadiusM ?? 0) < al.radiusM))
      area.push({ type: 'Feature', geometry: circlePolygon(al.point, al.radiusM), properties: { now: true } });
    return {
      area,
      groups: groupFeatures(groups, deliveries, (g) => g.gridName ?? g.name),
      point: al.point,
      pointLabel: t(`tadpole.form.placeLabel.${al.kind}`),
      tips: tipFeatures(detail.tips),
    };
  }, [detail, groups, deliveries, t]);

  const onPick = useCallback((p: LonLat) => setPin(p), []);

  const verify = () => {
    setVerifying(true);
    setVerifyError(null);
    tadpoleApi
      .verify(alertId)
      .then(() => reload())
      .catch((err: unknown) => setVerifyError(err instanceof Error ? err.message : String(err)))
      .finally(() => setVerifying(false));
  };

  if (!detail || !a) {
    return (
      <div className="tp-page" data-testid="alert-view-loading">
        <button type="button" className="tp-mid" onClick={onBack}>
          {t('tadpole.list.back')}
        </button>
        <p className={error ? 'tp-error tp-pad' : 'muted tp-pad'}>
          {error ? t('error.generic', { message: error }) : t('tadpole.list.loading')}
        </p>
      </div>
    );
  }

  const rows = deliveryRows(deliveries);
  const reach = deliveries.length ? reachOf(rows) : null;
  const statusKey = a.retractedAt ? 'retracted' : a.status;
  const canVerify = verifiesReports(user);
  const purge = a.purgeAfter ? remaining(a.purgeAfter, now) : null;

  return (
    <div
      className="tp-page tp-alert"
      data-testid="alert-view"
      data-status={a.status}
      data-retracted={a.retractedAt ? 'true' : 'false'}
    >
      <div className="tp-alert-head">
        <button type="button" className="tp-back" onClick={onBack} aria-label={t('tadpole.list.back')}>
          ‹
        </button>
        <div className="tp-head-main">
          <div className="tp-head-chips">
            <span className={`tp-chip tp-kind-${a.kind}`}>{t(`tadpole.kind.${a.kind}`)}</span>
            <span className={`tp-chip tp-status-${statusKey}`} data-testid="alert-status">
              {t(`tadpole.status.${statusKey}`)}
            </span>
          </div>
          <span className="tp-reach" data-testid="reach">
            {t('tadpole.view.reachShort', {
              groups: reach?.groups ?? detail.deliveries.groups,
              members: reach?.members ?? detail.deliveries.reach,
            })}
          </span>
        </div>
      </div>

      {a.retractedAt ? (
        <div className="tp-banner" data-testid="purge-banner">
          <strong>{t('tadpole.view.retractedBanner')}</strong>
          <span data-testid="purge-countdown">
            {a.purgedAt || purge?.due
              ? t('tadpole.view.purged')
              : purge
                ? t('tadpole.view.purgeIn', {
                    duration: t(`tadpole.view.duration.${durationWords(purge).key}`, durationWords(purge)),
                    when: dateTime(a.purgeAfter!),
                  })
                : ''}
          </span>
        </div>
      ) : null}

      <div className="tp-map">
        <MapView>
          <TadpoleLayers data={mapData} fitKey={`${a.id}:${detail.area ? 'area' : 'none'}`} />
          {picking && a.status === 'active' && !a.retractedAt ? <PickLayer pin={pin} onPick={onPick} /> : null}
        </MapView>
        <div className="tp-map-note">
          {a.sentRadiusM
            ? t('tadpole.view.radius', { km: (a.sentRadiusM / 1000).toFixed(1) })
            : t('tadpole.view.radiusNow', { km: (a.radiusM / 1000).toFixed(1) })}
        </div>
      </div>

      {a.status === 'draft' && !a.retractedAt ? (
        <>
          <div className="tp-scroll" data-testid="draft-panel">
            <h2 className="tp-draft-title">{t('tadpole.view.draftTitle')}</h2>
            <p className="tp-hint tp-pad">{t('tadpole.view.draftHint')}</p>
            <PublicCardView alert={a} publicUrl={detail.publicUrl} now={now} />
          </div>
          <div className="tp-actionbar">
            {verifyError ? <p className="tp-error">{t('tadpole.reunion.failed', { message: verifyError })}</p> : null}
            {canVerify ? (
              <button
                type="button"
                className="tp-big primary tp-wide"
                disabled={verifying}
                onClick={verify}
                data-testid="verify"
              >
                {verifying ? t('tadpole.view.verifying') : t('tadpole.view.verify')}
              </button>
            ) : (
              <p className="tp-waiting" data-testid="waiting-officer">
                {t('tadpole.view.verifyNeedsOfficer')}
              </p>
            )}
          </div>
        </>
      ) : (
        <>
          <div className="tp-tabs" role="tablist">
            {TABS.map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                aria-selected={tab === k}
                className={tab === k ? 'on' : ''}
                onClick={() => setTab(k)}
                data-tab={k}
              >
                {t(`tadpole.view.tabs.${k}`)}
                {k === 'tips' && detail.tips.length > 0 ? <b className="tp-badge">{detail.tips.length}</b> : null}
              </button>
            ))}
          </div>
          <div className="tp-scroll" key={tab}>
            {tab === 'deliveries' ? (
              <>
                <PublicCardView alert={a} publicUrl={detail.publicUrl} now={now} compact />
                <DeliveriesTab
                  user={user}
                  detail={detail}
                  deliveries={deliveries}
                  deliveriesError={deliveriesError}
                  groups={groups}
                  now={now}
                  onChanged={reload}
                />
              </>
            ) : tab === 'tips' ? (
              <TipsTab detail={detail} now={now} onChanged={reload} />
            ) : tab === 'reunion' ? (
              <ReunionTab
                detail={detail}
                user={user}
                now={now}
                pin={pin}
                picking={picking}
                onPickToggle={() => setPicking((p) => !p)}
                onChanged={reload}
              />
            ) : (
              <TimelineTab detail={detail} now={now} />
            )}
          </div>
        </>
      )}
      <div className="tp-foot" aria-live="polite">
        {error
          ? t('tadpole.view.refreshFailed', { message: error })
          : loadedAt
            ? t('tadpole.view.refreshed', {
                age: (() => {
                  const x = ageText(now - loadedAt);
                  return t(x.key, { count: x.count });
                })(),
              })
            : ''}
      </div>
    </div>
  );
}
