import type { CaseMessage } from '@lookout/contracts';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { onCaseEvent } from '../cases/case-feed.ts';
import { errText, pickOnMap } from '../cases/case-ui.ts';
import { getMap } from '../map/core/map-instance.ts';
import { clockTime } from '../shared/clock-time.ts';
import { idempotencyKey } from '../shared/idempotency-key.ts';
import { shrinkPhoto } from '../tadpole/photo-shrink.ts';
import { caseLogApi } from './case-log-api.ts';
import './case-log-i18n.ts';
import './case-log.css';
import { messageOutbox } from './message-outbox.ts';
import { toMap } from '../map/core/datum.ts';

/** The case's messages, reloaded on each of its `case_message` steps from the live socket. */
function useMessages(caseId: string): { messages: CaseMessage[]; error: string | null; reload: () => void } {
  const [messages, setMessages] = useState<CaseMessage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(
    () =>
      onCaseEvent((e) => {
        if (e.caseId === caseId && e.kind === 'case_event' && e.type === 'case_message') setVersion((v) => v + 1);
      }),
    [caseId],
  );
  useEffect(() => {
    let cancelled = false;
    caseLogApi
      .list(caseId)
      .then((r) => {
        if (cancelled) return;
        setMessages(r.messages);
        setError(null);
      })
      .catch((err: unknown) => !cancelled && setError(errText(err)));
    return () => {
      cancelled = true;
    };
  }, [caseId, version]);
  return { messages, error, reload: () => setVersion((v) => v + 1) };
}

/**
 * 案件沟通: messages between command and field on one case — text, a map point, a photo — newest last, with a form
 * to write one. `latest` shows only the last few (the officer's guidance view). A message written offline waits
 * in the outbox and goes when the link is back.
 */
export function CaseLogSection({ caseId, open, latest }: { caseId: string; open: boolean; latest?: number }) {
  const { t } = useTranslation();
  const { messages, error, reload } = useMessages(caseId);
  const pending = useSyncExternalStore(
    (fn) => messageOutbox.subscribe(fn),
    () => messageOutbox.pending(caseId).length,
  );
  const shown = latest ? messages.slice(-latest) : messages;
  return (
    <section className="cases-section case-log" data-testid="case-log">
      <h4>{t('caseLog.title', { count: messages.length })}</h4>
      {error ? <p className="error">{t('caseLog.failed', { message: error })}</p> : null}
      {messages.length === 0 ? <p className="muted">{t('caseLog.none')}</p> : null}
      <ul className="case-log-list">
        {shown.map((m) => (
          <MessageRow key={m.id} m={m} caseId={caseId} />
        ))}
      </ul>
      {pending > 0 ? (
        <p className="cases-warn" data-testid="case-log-queued">
          {t('caseLog.queued', { count: pending })}
        </p>
      ) : null}
      {open ? <MessageForm caseId={caseId} onSent={reload} /> : null}
    </section>
  );
}

function MessageRow({ m, caseId }: { m: CaseMessage; caseId: string }) {
  const { t } = useTranslation();
  const pin = m.pin;
  return (
    <li data-testid="case-log-message">
      <span className="muted">
        {clockTime(m.createdAt)} · {m.authorRoles.map((r) => t(`caseLog.roles.${r}`, { defaultValue: r })).join(' / ')}{' '}
        {m.authorName}
      </span>
      {m.body ? <span className="case-log-body">{m.body}</span> : null}
      {pin ? (
        <button
          type="button"
          className="case-log-pin"
          onClick={() =>
            getMap()?.flyTo({ center: toMap([pin.lon, pin.lat]), zoom: Math.max(getMap()?.getZoom() ?? 15, 15) })
          }
        >
          {t('caseLog.showPin')} {pin.lat.toFixed(5)}, {pin.lon.toFixed(5)}
        </button>
      ) : null}
      {m.hasPhoto ? <img className="case-log-photo" src={caseLogApi.photoSrc(caseId, m.id)} alt="" /> : null}
    </li>
  );
}

function MessageForm({ caseId, onSent }: { caseId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [pin, setPin] = useState<[number, number] | null>(null);
  const [picking, setPicking] = useState(false);
  const [photo, setPhoto] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const empty = !text.trim() && !pin && !photo;

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const sent = await messageOutbox.send(caseId, {
        ...(text.trim() ? { body: text.trim() } : {}),
        ...(pin ? { pin: { lon: pin[0], lat: pin[1], datum: 'wgs84' as const } } : {}),
        ...(photo ? { photo: true } : {}),
        idempotencyKey: idempotencyKey(),
      });
      if (sent && photo) await caseLogApi.photo(caseId, sent.id, await shrinkPhoto(photo), () => undefined);
      setText('');
      setPin(null);
      setPhoto(null);
      setFormKey((k) => k + 1);
      // Queued (null): the list is read again when the outbox has sent it.
      if (sent) onSent();
    } catch (err) {
      setError(errText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="case-log-form" key={formKey}>
      <textarea
        rows={2}
        maxLength={1000}
        placeholder={t('caseLog.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="case-log-text"
      />
      <div className="cases-row">
        {pin ? (
          <button type="button" onClick={() => setPin(null)}>
            {t('caseLog.pinSet', { lat: pin[1].toFixed(5), lon: pin[0].toFixed(5) })} ✕
          </button>
        ) : (
          <button
            type="button"
            onClick={() => {
              setPicking(true);
              pickOnMap((p) => {
                setPicking(false);
                setPin(p);
              });
            }}
            data-testid="case-log-pin"
          >
            {picking ? t('caseLog.pinPick') : t('caseLog.pin')}
          </button>
        )}
        <label className="case-log-photo-input">
          {t('caseLog.photo')}
          <input type="file" accept="image/*" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} />
        </label>
        <button
          type="button"
          className="primary"
          disabled={empty || busy}
          onClick={() => void send()}
          data-testid="case-log-send"
        >
          {busy ? t('caseLog.sending') : t('caseLog.send')}
        </button>
      </div>
      {error ? <p className="error">{t('caseLog.failed', { message: error })}</p> : null}
    </div>
  );
}
