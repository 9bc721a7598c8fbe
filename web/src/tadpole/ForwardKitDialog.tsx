import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { copyText } from '../hooks.ts';
import { tadpoleApi } from './tadpole-api.ts';
import type { Delivery, ForwardKit } from './tadpole-types.ts';

/**
 * The forward kit for a personal WeChat group (no bot API there): the text to paste, the image to save, the short
 * link and its QR code, then one tap "已转发" so the station sees the 网格 is covered.
 */
export function ForwardKitDialog({
  delivery,
  onClose,
  onAcknowledged,
}: {
  delivery: Delivery;
  onClose: () => void;
  onAcknowledged: () => void;
}) {
  const { t } = useTranslation();
  const [kit, setKit] = useState<ForwardKit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState<'text' | 'link' | null>(null);
  const [acking, setAcking] = useState(false);

  useEffect(() => {
    let cancelled = false;
    tadpoleApi.kit(delivery.id).then(
      (k) => {
        if (cancelled) return;
        setKit(k);
        if (k.qrSvg) setQr(k.qrSvg);
        else if (k.link)
          QRCode.toString(k.link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
            .then((svg) => !cancelled && setQr(svg))
            .catch(() => setQr(null));
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [delivery.id]);

  const copy = (what: 'text' | 'link', s: string) =>
    void copyText(s).then((ok) => {
      if (ok) setCopied(what);
    });

  return (
    <div className="tp-dialog tp-kit" role="dialog" aria-modal="true" data-testid="kit-dialog">
      <h3>{t('tadpole.kit.title')}</h3>
      <p className="tp-hint">
        {delivery.groupName} · {t('tadpole.kit.hint')}
      </p>
      {error ? <p className="tp-error">{t('tadpole.kit.failed', { message: error })}</p> : null}
      {!kit && !error ? <p className="muted">{t('tadpole.kit.loading')}</p> : null}
      {kit ? (
        <>
          <textarea className="tp-kit-text" readOnly value={kit.text} rows={6} data-testid="kit-text" />
          <button
            type="button"
            className="tp-big primary"
            onClick={() => copy('text', kit.text)}
            data-testid="kit-copy"
          >
            {copied === 'text' ? t('tadpole.kit.copied') : t('tadpole.kit.copyText')}
          </button>
          {kit.imageUrl ? (
            <div className="tp-kit-image">
              <img src={kit.imageUrl} alt="" data-testid="kit-image" />
              <a className="tp-big" href={kit.imageUrl} download="tadpole.jpg">
                {t('tadpole.kit.saveImage')}
              </a>
            </div>
          ) : null}
          {kit.link ? (
            <div className="tp-kit-link">
              <span className="tp-label">{t('tadpole.kit.link')}</span>
              <code data-testid="kit-link">{kit.link}</code>
              <button type="button" className="tp-mid" onClick={() => copy('link', kit.link!)}>
                {copied === 'link' ? t('tadpole.kit.copied') : t('tadpole.kit.copyLink')}
              </button>
            </div>
          ) : null}
          {qr ? (
            <figure className="tp-kit-qr">
              <div dangerouslySetInnerHTML={{ __html: qr }} data-testid="kit-qr" />
              <figcaption>{t('tadpole.kit.qr')}</figcaption>
            </figure>
          ) : null}
        </>
      ) : null}
      <div className="tp-buttons tp-sticky-buttons">
        <button type="button" className="tp-big" onClick={onClose}>
          {t('tadpole.deliveries.close')}
        </button>
        {delivery.status === 'queued' || delivery.status === 'sent' ? (
          <button
            type="button"
            className="tp-big primary tp-grow"
            disabled={acking}
            data-testid="kit-acknowledge"
            onClick={() => {
              setAcking(true);
              tadpoleApi
                .acknowledge(delivery.id)
                .then(() => {
                  onAcknowledged();
                  onClose();
                })
                .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
                .finally(() => setAcking(false));
            }}
          >
            {t('tadpole.deliveries.acknowledge')}
          </button>
        ) : (
          <span className="tp-acked">{t('tadpole.deliveries.acknowledged')}</span>
        )}
      </div>
    </div>
  );
}
