import type { VideoPublishKey } from '@lookout/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../hooks.ts';
import { videoApi } from './video-api.ts';
import './video-i18n.ts';
import './video.css';

function CopyLine({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <dt>{label}</dt>
      <dd className="stream-key-line">
        <code data-testid={testId}>{value}</code>
        <button type="button" onClick={() => void copyText(value).then(setCopied)}>
          {copied ? t('video.key.copied') : t('video.key.copy')}
        </button>
      </dd>
    </>
  );
}

/**
 * 视频推流地址 of one drone, for an admin or the pilot flying it: make a secret stream key (shown once: the whole
 * RTMP URL with a copy button, and the server and the key apart for apps that ask for two fields), or revoke it.
 */
export function StreamKeyPanel({
  droneId,
  callsign,
  onClose,
}: {
  droneId: string;
  callsign: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [hasKey, setHasKey] = useState<boolean | null>(null);
  const [made, setMade] = useState<VideoPublishKey | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    videoApi.status(droneId).then(
      (s) => !cancelled && setHasKey(s.hasPublishKey),
      () => undefined, // unknown: both buttons stay
    );
    return () => {
      cancelled = true;
    };
  }, [droneId]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await action();
    } catch (err) {
      setError(t('video.key.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  const make = () =>
    run(async () => {
      setMade(await videoApi.makeKey(droneId));
      setHasKey(true);
    });
  const revoke = () =>
    run(async () => {
      await videoApi.revokeKey(droneId);
      setMade(null);
      setHasKey(false);
      setNote(t('video.key.revoked'));
    });

  return (
    <section className="card stream-key" data-testid="stream-key" data-drone={droneId}>
      <div className="panel-head">
        <h3>
          {t('video.key.title')} · <span data-raw>{callsign}</span>
        </h3>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('video.key.close')}>
          ×
        </button>
      </div>
      <p className="muted">{t('video.key.intro')}</p>
      {hasKey !== null ? (
        <p data-testid="stream-key-state">{hasKey ? t('video.key.has') : t('video.key.none')}</p>
      ) : null}
      {made ? (
        <dl className="details stream-key-made" role="alert" data-testid="stream-key-made">
          <CopyLine label={t('video.key.url')} value={made.rtmpUrl} testId="stream-key-url" />
          <CopyLine label={t('video.key.server')} value={made.server} testId="stream-key-server" />
          <CopyLine label={t('video.key.streamKey')} value={made.streamKey} testId="stream-key-key" />
        </dl>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void make()}
          data-testid="stream-key-make"
        >
          {hasKey || made ? t('video.key.remake') : t('video.key.make')}
        </button>
        {hasKey !== false ? (
          asking ? (
            <>
              <span>{t('video.key.revokeConfirm', { callsign })}</span>
              <button
                type="button"
                className="adm-danger"
                disabled={busy}
                onClick={() => void revoke()}
                data-testid="stream-key-revoke-ok"
              >
                {t('video.key.revoke')}
              </button>
              <button type="button" onClick={() => setAsking(false)}>
                {t('video.key.cancel')}
              </button>
            </>
          ) : (
            <button type="button" disabled={busy} onClick={() => setAsking(true)} data-testid="stream-key-revoke">
              {t('video.key.revoke')}
            </button>
          )
        ) : null}
      </div>
      {note ? <p className="muted">{note}</p> : null}
      {error ? <p className="error">{error}</p> : null}
    </section>
  );
}
