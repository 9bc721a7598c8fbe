import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortTime } from './countdown.ts';
import { photoSrc } from './tadpole-api.ts';
import type { Alert } from './tadpole-types.ts';

/**
 * The photo the liaison just took, by alert id, for the preview before publishing (the staff view has no photo id
 * and a draft's public link does not answer yet). Object URLs of this page only.
 */
const localPhotos = new Map<string, string>();
export function rememberLocalPhoto(alertId: string, photo: Blob): void {
  localPhotos.set(alertId, URL.createObjectURL(photo));
}

/** The card page's token is the last part of the public URL (`…/t/<token>`). */
export function tokenOf(publicUrl: string): string | null {
  const m = /\/t\/([A-Za-z0-9_-]+)\/?$/.exec(publicUrl);
  return m ? m[1]! : null;
}

/**
 * The card photo: the staff route when the alert names its photo, otherwise the public card's expiring link
 * (published alerts only; a draft's card is not public yet).
 */
function useCardPhoto(alert: Alert, publicUrl: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  const photoId = alert.photoId;
  const published = alert.status !== 'draft' && !alert.retractedAt;
  useEffect(() => {
    if (photoId !== null || !alert.hasPhoto || !published) return;
    const token = tokenOf(publicUrl);
    if (!token) return;
    let cancelled = false;
    fetch(`/api/v1/public/alerts/${token}`)
      .then((r) => (r.ok ? (r.json() as Promise<{ card: { photoUrl?: string | null } }>) : null))
      .then((b) => !cancelled && setUrl(b?.card.photoUrl ?? null))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [photoId, alert.hasPhoto, published, publicUrl]);
  return photoId !== null ? photoSrc(photoId) : (url ?? localPhotos.get(alert.id) ?? null);
}

/** What strangers see on the card: the public tier only. */
export function PublicCardView({
  alert,
  publicUrl,
  now,
  compact = false,
}: {
  alert: Alert;
  publicUrl: string;
  now: number;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const photo = useCardPhoto(alert, publicUrl);
  return (
    <section className={`tp-public-card${compact ? ' compact' : ''}`} data-testid="public-card">
      <div className="tp-public-card-photo">
        {photo ? (
          <img src={photo} alt="" />
        ) : (
          <span>
            {alert.retractedAt
              ? t('tadpole.view.photoWithdrawn')
              : alert.hasPhoto
                ? t('tadpole.view.photoUploaded')
                : t('tadpole.view.photoMissing')}
          </span>
        )}
      </div>
      <div className="tp-public-card-text">
        <strong>
          {t(`tadpole.ageBand.${alert.ageBand}`)} · {t(`tadpole.sex.${alert.sex}`)}
          {alert.heightCm ? ` · ${t('tadpole.view.height', { cm: alert.heightCm })}` : ''}
        </strong>
        {alert.clothing ? <span>{alert.clothing}</span> : null}
        <span>
          {t('tadpole.view.place')}：{alert.placeText ?? `${alert.point.lat.toFixed(5)}, ${alert.point.lon.toFixed(5)}`}
        </span>
        <span>
          {t('tadpole.view.seenAt')}：{shortTime(alert.seenAt, now)}
        </span>
        {!compact ? (
          <span>
            {t('tadpole.view.phone')}：{alert.contactPhone}
          </span>
        ) : null}
        {!compact && alert.publicNote ? <span>{alert.publicNote}</span> : null}
        {alert.status !== 'draft' && !alert.retractedAt ? (
          <a
            className="tp-link tp-link-tap"
            href={publicUrl}
            target="_blank"
            rel="noreferrer"
            data-testid="public-link"
          >
            {t('tadpole.view.openCard')} ›
          </a>
        ) : null}
      </div>
    </section>
  );
}
