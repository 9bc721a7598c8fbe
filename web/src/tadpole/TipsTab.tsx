import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getMap } from '../map/core/map-instance.ts';
import { shortTime } from './countdown.ts';
import { photoSrc, tadpoleApi } from './tadpole-api.ts';
import type { AlertDetail, Tip } from './tadpole-types.ts';
import { groupTips } from './tip-groups.ts';
import { toMap } from '../map/core/datum.ts';
import { fitPoints } from '../map/core/map-points.ts';

/** The server groups tips within this distance (docs/tadpole-api.md `TipCluster`). */
const CLUSTER_M = 150;
const NEW_FOR_MS = 5 * 60_000;

interface TipGroupView {
  key: string;
  tips: Tip[];
}

/** The server's clusters when it sends them; otherwise the same grouping done here. */
function groupsOf(detail: AlertDetail): TipGroupView[] {
  const byId = new Map(detail.tips.map((t) => [t.id, t]));
  const seen = new Set<number>();
  const out: TipGroupView[] = [];
  for (const c of detail.clusters) {
    const tips = c.tipIds.map((id) => byId.get(id)).filter((t): t is Tip => t !== undefined);
    tips.forEach((t) => seen.add(t.id));
    if (tips.length) out.push({ key: `c${c.id}`, tips });
  }
  const rest = detail.tips.filter((t) => !seen.has(t.id));
  const located = rest.filter((t) => t.location);
  for (const g of groupTips(
    located.map((t) => ({ ...t, lon: t.location!.lon, lat: t.location!.lat })),
    CLUSTER_M,
    Number.POSITIVE_INFINITY,
  ))
    out.push({ key: `g${g.tips[0]!.id}`, tips: g.tips.map((x) => byId.get(x.id as number)!) });
  for (const t of rest.filter((x) => !x.location)) out.push({ key: `t${t.id}`, tips: [t] });
  const newest = (g: TipGroupView) => Math.max(...g.tips.map((t) => Date.parse(t.receivedAt)));
  for (const g of out) g.tips.sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
  return out.sort((a, b) => b.tips.length - a.tips.length || newest(b) - newest(a));
}

export function TipsTab({ detail, now, onChanged }: { detail: AlertDetail; now: number; onChanged: () => void }) {
  const { t } = useTranslation();
  // Opening the tab brings the tips and the place into view (once; the liaison may pan after that).
  const hasTips = detail.tips.some((x) => x.location);
  const fitted = useRef(false);
  useEffect(() => {
    const map = getMap();
    if (!map || fitted.current || !hasTips) return;
    fitted.current = true;
    const pts = [detail.alert.point, ...detail.tips.flatMap((x) => (x.location ? [x.location] : []))];
    fitPoints(
      map,
      pts.map((p) => [p.lon, p.lat]),
      { padding: 50, maxZoom: 17, duration: 0 },
    );
  }, [hasTips, detail]);
  const groups = useMemo(() => groupsOf(detail), [detail]);
  const [pending, setPending] = useState<Record<number, boolean>>({});
  const [error, setError] = useState<string | null>(null);

  const mark = (tip: Tip, useful: boolean) => {
    setPending((p) => ({ ...p, [tip.id]: useful }));
    setError(null);
    tadpoleApi
      .markTip(tip.id, useful)
      .then(onChanged)
      .catch((err: unknown) => {
        setPending((p) => {
          const n = { ...p };
          delete n[tip.id];
          return n;
        });
        setError(err instanceof Error ? err.message : String(err));
      });
  };

  const show = (tip: Tip) => {
    if (tip.location)
      getMap()?.easeTo({ center: toMap([tip.location.lon, tip.location.lat]), zoom: 16, duration: 300 });
  };

  return (
    <div className="tp-tab" data-testid="tips-tab">
      <p className="tp-hint">{t('tadpole.tips.count', { count: detail.tips.length })}</p>
      {error ? <p className="tp-error">{t('tadpole.reunion.failed', { message: error })}</p> : null}
      {detail.tips.length === 0 ? <p className="muted">{t('tadpole.tips.empty')}</p> : null}
      {groups.map((g) => (
        <section key={g.key} className={`tp-tipgroup${g.tips.length > 1 ? ' many' : ''}`} data-count={g.tips.length}>
          {g.tips.length > 1 ? <h4>{t('tadpole.tips.group', { count: g.tips.length, m: CLUSTER_M })}</h4> : null}
          {g.tips.map((tip) => {
            const useful = tip.id in pending ? pending[tip.id] : tip.useful;
            const fresh = now - Date.parse(tip.receivedAt) < NEW_FOR_MS;
            return (
              <article key={tip.id} className="tp-tip" data-tip={tip.id} data-useful={String(useful)}>
                <header>
                  <button type="button" className="tp-tip-no" onClick={() => show(tip)} aria-label={`#${tip.id}`}>
                    {tip.id}
                  </button>
                  <span>{t('tadpole.tips.seen', { time: shortTime(tip.seenAt, now) })}</span>
                  <span className="muted">{t('tadpole.tips.received', { time: shortTime(tip.receivedAt, now) })}</span>
                  {fresh ? <span className="tp-new">{t('tadpole.tips.new')}</span> : null}
                </header>
                {tip.text ? <p className="tp-tip-text">{tip.text}</p> : null}
                <div className="tp-tip-meta">
                  {tip.location ? (
                    <button type="button" className="tp-link" onClick={() => show(tip)}>
                      {tip.location.lat.toFixed(5)}, {tip.location.lon.toFixed(5)}
                      {tip.location.accuracyM ? ` ±${Math.round(tip.location.accuracyM)} m` : ''}
                    </button>
                  ) : (
                    <span className="muted">{t('tadpole.tips.noLocation')}</span>
                  )}
                  {tip.phone ? (
                    <a className="tp-link" href={`tel:${tip.phone}`}>
                      {t('tadpole.tips.phone')} {tip.phone}
                    </a>
                  ) : null}
                </div>
                {tip.photoId !== null ? (
                  <a href={photoSrc(tip.photoId)} target="_blank" rel="noreferrer">
                    <img className="tp-tip-photo" src={photoSrc(tip.photoId)} alt={t('tadpole.tips.photo')} />
                  </a>
                ) : null}
                <div className="tp-buttons">
                  <button
                    type="button"
                    className={`tp-mid${useful === true ? ' on-good' : ''}`}
                    aria-pressed={useful === true}
                    onClick={() => mark(tip, true)}
                    data-testid="tip-useful"
                  >
                    ✓ {t('tadpole.tips.useful')}
                  </button>
                  <button
                    type="button"
                    className={`tp-mid${useful === false ? ' on-bad' : ''}`}
                    aria-pressed={useful === false}
                    onClick={() => mark(tip, false)}
                    data-testid="tip-not-useful"
                  >
                    ✗ {t('tadpole.tips.notUseful')}
                  </button>
                </div>
              </article>
            );
          })}
        </section>
      ))}
    </div>
  );
}
