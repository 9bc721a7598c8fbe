import { sightingKinds, type SightingKind } from '@lookout/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import type { CaseDetail } from '../cases/case-types.ts';
import { errText, pickOnMap } from '../cases/case-ui.ts';
import { liveStore } from '../live/store.ts';
import { idempotencyKey } from '../shared/idempotency-key.ts';
import { shrinkPhoto } from '../tadpole/photo-shrink.ts';
import { pilotApi } from './pilot-api.ts';
import './pilot-i18n.ts';

type Phase =
  | { step: 'editing' }
  | { step: 'saving' }
  | { step: 'uploading'; pct: number }
  | { step: 'done'; id: number; photoError?: string };

function startPick(setPicking: (v: boolean) => void, setPoint: (p: [number, number]) => void): void {
  setPicking(true);
  pickOnMap((p) => {
    setPicking(false);
    setPoint(p);
  });
}

/**
 * "标记发现" on the pilot's map: tap where he saw it, say what and how many, add a photo. The reading id is made once
 * per form, so a resend after a lost answer stores the sighting once; the photo goes up after, with progress.
 */
export function MarkSightingForm({ detail, user, onClose }: { detail: CaseDetail; user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const mine = detail.drones.filter((d) => d.pilotId === user.id);
  const [droneId, setDroneId] = useState(mine[0]?.droneId ?? '');
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [picking, setPicking] = useState(false);
  const [kind, setKind] = useState<SightingKind>('person');
  const [count, setCount] = useState('1');
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [readingId] = useState(idempotencyKey);
  const [phase, setPhase] = useState<Phase>({ step: 'editing' });
  const [error, setError] = useState<string | null>(null);

  const pick = () => startPick(setPicking, setPoint);
  // The form opens ready for the tap: the pilot has just seen something.
  useEffect(() => startPick(setPicking, setPoint), []);

  if (mine.length === 0) return <p className="error">{t('pilot.noDrone')}</p>;

  const submit = async () => {
    if (!point || !droneId) return;
    setError(null);
    setPhase({ step: 'saving' });
    let id: number;
    try {
      const n = Number(count);
      const s = await pilotApi.mark({
        caseId: detail.case.id,
        droneId,
        readingId,
        lon: point[0],
        lat: point[1],
        datum: 'wgs84',
        kind,
        ...(Number.isInteger(n) && n > 0 ? { count: n } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      liveStore.upsertSightings([s]);
      id = s.id;
    } catch (err) {
      setError(errText(err));
      setPhase({ step: 'editing' });
      return;
    }
    if (!photo) return setPhase({ step: 'done', id });
    setPhase({ step: 'uploading', pct: 0 });
    try {
      await pilotApi.photo(id, await shrinkPhoto(photo), (f) =>
        setPhase({ step: 'uploading', pct: Math.round(f * 100) }),
      );
      setPhase({ step: 'done', id });
    } catch (err) {
      setPhase({ step: 'done', id, photoError: errText(err) });
    }
  };

  if (phase.step === 'done') {
    return (
      <section className="cases-section pilot-mark" data-testid="mark-sighting-done">
        <p className="cases-ok">{t('pilot.marked', { id: phase.id })}</p>
        {phase.photoError ? <p className="error">{t('pilot.photoFailed', { message: phase.photoError })}</p> : null}
        <button type="button" onClick={onClose}>
          {t('pilot.back')}
        </button>
      </section>
    );
  }
  const busy = phase.step !== 'editing';
  return (
    <section className="cases-section pilot-mark" data-testid="mark-sighting">
      <h4>{t('pilot.markTitle')}</h4>
      <div className="cases-row">
        <span data-testid="mark-point">
          {picking || !point
            ? t('pilot.markPick')
            : t('pilot.markPicked', { lat: point[1].toFixed(5), lon: point[0].toFixed(5) })}
        </span>
        {point && !picking ? (
          <button type="button" onClick={pick} disabled={busy}>
            {t('pilot.repick')}
          </button>
        ) : null}
      </div>
      <label className="pilot-field">
        {t('pilot.drone')}
        <select value={droneId} onChange={(e) => setDroneId(e.target.value)} data-testid="mark-drone">
          {mine.map((d) => (
            <option key={d.droneId} value={d.droneId}>
              {d.callsign}
            </option>
          ))}
        </select>
      </label>
      <label className="pilot-field">
        {t('pilot.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as SightingKind)} data-testid="mark-kind">
          {sightingKinds.map((k) => (
            <option key={k} value={k}>
              {t(`sighting.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="pilot-field">
        {t('pilot.count')}
        <input
          type="number"
          min={1}
          max={1000}
          inputMode="numeric"
          value={count}
          onChange={(e) => setCount(e.target.value)}
          data-testid="mark-count"
        />
      </label>
      <label className="pilot-field">
        {t('pilot.note')}
        <textarea
          maxLength={500}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="mark-note"
        />
      </label>
      <label className="pilot-field">
        {t('pilot.photo')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
          data-testid="mark-photo"
        />
      </label>
      {phase.step === 'saving' ? <p className="muted">{t('pilot.saving')}</p> : null}
      {phase.step === 'uploading' ? <p className="muted">{t('pilot.uploading', { pct: phase.pct })}</p> : null}
      {error ? <p className="error">{t('pilot.error', { message: error })}</p> : null}
      <div className="cases-row">
        <button
          type="button"
          className="primary"
          disabled={!point || !droneId || busy}
          onClick={() => void submit()}
          data-testid="mark-submit"
        >
          {t('pilot.submit')}
        </button>
        <button type="button" onClick={onClose} disabled={busy}>
          {t('pilot.cancel')}
        </button>
      </div>
    </section>
  );
}
