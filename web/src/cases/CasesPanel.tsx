import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { copyText } from '../hooks.ts';
import { currentLanguage } from '../i18n.ts';
import { getMap } from '../map/core/map-instance.ts';
import { idempotencyKey } from '../officer/offline-queue.ts';
import { caseApi } from './case-api.ts';
import './case-i18n.ts';
import { caseStore, useCaseStore } from './case-store.ts';
import {
  DATUMS,
  SUBJECT_CATEGORIES,
  TERRAINS,
  type CaseDetail,
  type CaseSummary,
  type CreatedLink,
  type Datum,
  type SubjectCategory,
  type TargetInput,
  type Unit,
} from './case-types.ts';
import { CaseBriefTag } from './CaseBriefTag.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { CloseCaseSection } from './CloseCaseSection.tsx';
import './cases.css';

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function hhmm(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The next click on the map, as [lon, lat]; the cursor shows a crosshair meanwhile. */
function pickOnMap(done: (p: [number, number]) => void): void {
  const map = getMap();
  if (!map) return;
  map.getCanvas().style.cursor = 'crosshair';
  map.once('click', (e) => {
    map.getCanvas().style.cursor = '';
    done([Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))]);
  });
}

const canCommand = (u: User) => u.role === 'commander' || u.role === 'admin';

function NewCaseForm({ onDone }: { onDone: (c: CaseSummary | null) => void }) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<SubjectCategory>('hiker');
  const [terrain, setTerrain] = useState<string>('temperate_mountain');
  const [ipp, setIpp] = useState<{ lon: string; lat: string; datum: Datum }>({ lon: '', lat: '', datum: 'wgs84' });
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const count = Number(f.get('subjectCount'));
    const phone = String(f.get('reporterPhone') ?? '').trim();
    const description = String(f.get('description') ?? '').trim();
    caseApi
      .open({
        kind: 'lost_person',
        title: String(f.get('title') ?? '').trim(),
        subjectCategory: category,
        terrain,
        ...(count > 0 ? { subjectCount: count } : {}),
        ...(phone ? { reporterPhone: phone } : {}),
        ...(description ? { description } : {}),
        ...(ipp.lon && ipp.lat ? { ipp: { lon: Number(ipp.lon), lat: Number(ipp.lat), datum: ipp.datum } } : {}),
      })
      .then((r) => onDone(r.case))
      .catch((err: unknown) => setError(errText(err)));
  };

  return (
    <form className="cases-form" onSubmit={submit} data-testid="new-case-form">
      <label>
        {t('cases.fields.title')}
        <input name="title" required maxLength={200} />
      </label>
      <div className="cases-row">
        <label>
          {t('cases.fields.subjectCategory')}
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value as SubjectCategory)}
            name="subjectCategory"
          >
            {SUBJECT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`cases.category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="narrow">
          {t('cases.fields.subjectCount')}
          <input name="subjectCount" type="number" min={1} max={1000} defaultValue={1} />
        </label>
      </div>
      <label>
        {t('cases.fields.terrain')}
        <select value={terrain} onChange={(e) => setTerrain(e.target.value)} name="terrain">
          {TERRAINS.map((x) => (
            <option key={x} value={x}>
              {t(`cases.terrainName.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('cases.fields.reporterPhone')}
        <input name="reporterPhone" inputMode="tel" />
      </label>
      <label>
        {t('cases.fields.description')}
        <textarea name="description" rows={2} />
      </label>
      <fieldset>
        <legend>{t('cases.fields.ipp')}</legend>
        <div className="cases-row">
          <input
            aria-label={t('cases.fields.lon')}
            placeholder={t('cases.fields.lon')}
            value={ipp.lon}
            onChange={(e) => setIpp({ ...ipp, lon: e.target.value })}
            name="ippLon"
          />
          <input
            aria-label={t('cases.fields.lat')}
            placeholder={t('cases.fields.lat')}
            value={ipp.lat}
            onChange={(e) => setIpp({ ...ipp, lat: e.target.value })}
            name="ippLat"
          />
        </div>
        <div className="cases-row">
          <select
            aria-label={t('cases.fields.datum')}
            value={ipp.datum}
            onChange={(e) => setIpp({ ...ipp, datum: e.target.value as Datum })}
          >
            {DATUMS.map((d) => (
              <option key={d} value={d}>
                {t(`cases.datumName.${d}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={() => {
              setPicking(true);
              pickOnMap(([lon, lat]) => {
                setPicking(false);
                setIpp({ lon: String(lon), lat: String(lat), datum: 'wgs84' });
              });
            }}
            data-testid="pick-ipp"
          >
            {picking ? t('cases.picking') : t('cases.pickOnMap')}
          </button>
        </div>
      </fieldset>
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
      <div className="cases-row">
        <button type="submit" className="primary">
          {t('cases.open')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('cases.cancel')}
        </button>
      </div>
    </form>
  );
}

function LinkSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState(detail.case.reporterPhone ?? '');
  const [link, setLink] = useState<CreatedLink | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="cases-section" data-testid="link-section">
      <h4>{t('cases.link.title')}</h4>
      <div className="cases-row">
        <input
          aria-label={t('cases.link.phone')}
          placeholder={t('cases.link.phone')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          inputMode="tel"
        />
        <button
          type="button"
          className="primary"
          disabled={!phone.trim()}
          onClick={() => {
            setError(null);
            caseApi
              .createLink(detail.case.id, phone.trim())
              .then((l) => {
                setLink(l);
                setCopied(false);
              })
              .catch((err: unknown) => setError(errText(err)));
          }}
        >
          {t('cases.link.create')}
        </button>
      </div>
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
      {link ? (
        <div className="cases-link" data-testid="link-result">
          <label>
            {t('cases.link.sms')}
            <textarea readOnly rows={3} value={link.smsText} />
          </label>
          <div className="cases-row">
            <button type="button" onClick={() => void copyText(link.smsText).then(setCopied)}>
              {copied ? t('officer.copied') : t('cases.link.copy')}
            </button>
            <span className="muted">
              {t('cases.link.expires', { time: new Date(link.expiresAt).toLocaleString() })}
            </span>
          </div>
          <div className="cases-qr" dangerouslySetInnerHTML={{ __html: link.qrSvg }} />
        </div>
      ) : null}
    </section>
  );
}

function ManualSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [datum, setDatum] = useState<'auto' | Datum>('auto');
  const [accuracy, setAccuracy] = useState('50');
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="cases-section" data-testid="manual-section">
      <h4>{t('cases.manual.title')}</h4>
      <textarea
        aria-label={t('cases.manual.text')}
        placeholder={t('cases.manual.text')}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="cases-row">
        <select
          aria-label={t('cases.fields.datum')}
          value={datum}
          onChange={(e) => setDatum(e.target.value as 'auto' | Datum)}
        >
          {(['auto', ...DATUMS] as const).map((d) => (
            <option key={d} value={d}>
              {t(`cases.datumName.${d}`)}
            </option>
          ))}
        </select>
        <label className="narrow">
          {t('cases.manual.accuracy')}
          <input type="number" value={accuracy} onChange={(e) => setAccuracy(e.target.value)} />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!text.trim()}
          onClick={() => {
            setError(null);
            caseApi
              .addCallerLocation(detail.case.id, {
                text: text.trim(),
                ...(datum === 'auto' ? {} : { datum }),
                accuracyM: Number(accuracy),
                idempotencyKey: idempotencyKey(),
              })
              .then(() => {
                setText('');
                caseStore.reloadSoon();
              })
              .catch((err: unknown) => setError(errText(err)));
          }}
        >
          {t('cases.manual.submit')}
        </button>
      </div>
      {error ? (
        <p className="error" data-testid="manual-error">
          {t('cases.error', { message: error })}
        </p>
      ) : null}
    </section>
  );
}

function DispatchSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [units, setUnits] = useState<Unit[]>([]);
  const [unitId, setUnitId] = useState('');
  const [target, setTarget] = useState('');
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    caseApi
      .units()
      .then((r) => setUnits(r.units))
      .catch((err: unknown) => setError(errText(err)));
  }, []);

  const options: { value: string; label: string; input: TargetInput }[] = [
    ...detail.matches.map((m) => ({
      value: `match:${m.id}`,
      label: t('cases.target.match', { ref: m.id }),
      input: { kind: 'match' as const, ref: m.id },
    })),
    ...detail.matches.map((m) => ({
      value: `sighting:${m.sightingId}`,
      label: t('cases.target.sighting', { ref: m.sightingId }),
      input: { kind: 'sighting' as const, ref: m.sightingId },
    })),
    ...detail.callerLocations.features.map((f) => ({
      value: `caller_location:${f.properties.id}`,
      label: `${t('cases.target.caller_location', { ref: f.properties.id })} ±${Math.round(f.properties.accuracyM)} m`,
      input: { kind: 'caller_location' as const, ref: f.properties.id },
    })),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  const chosen =
    target === 'point'
      ? point
        ? { kind: 'point' as const, lon: point[0], lat: point[1], datum: 'wgs84' as const }
        : null
      : (options.find((o) => o.value === target)?.input ?? null);

  return (
    <section className="cases-section" data-testid="dispatch-section">
      <h4>{t('cases.dispatch')}</h4>
      <div className="cases-row">
        <select
          aria-label={t('cases.unit')}
          value={unitId}
          onChange={(e) => setUnitId(e.target.value)}
          data-testid="dispatch-unit"
        >
          <option value="">{t('cases.unit')}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.callsign}
              {u.assignment ? ` (${t('officer.status.' + u.assignment.status)})` : ''}
            </option>
          ))}
        </select>
        <select
          aria-label={t('cases.targetKind')}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          data-testid="dispatch-target"
        >
          <option value="">{t('cases.targetKind')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          <option value="point">{t('cases.target.point')}</option>
        </select>
      </div>
      {target === 'point' ? (
        <button
          type="button"
          onClick={() => {
            setPicking(true);
            pickOnMap((p) => {
              setPicking(false);
              setPoint(p);
            });
          }}
        >
          {picking ? t('cases.pickTarget') : point ? `${point[1]}, ${point[0]}` : t('cases.pickOnMap')}
        </button>
      ) : null}
      <button
        type="button"
        className="primary"
        disabled={!unitId || !chosen}
        onClick={() => {
          if (!chosen) return;
          setError(null);
          caseApi
            .assign(detail.case.id, unitId, chosen)
            .then(() => caseStore.reloadSoon())
            .catch((err: unknown) => setError(errText(err)));
        }}
        data-testid="dispatch-submit"
      >
        {t('cases.assign')}
      </button>
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
    </section>
  );
}

function CaseDetailView({ detail, user }: { detail: CaseDetail; user: User }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const c = detail.case;
  const [error, setError] = useState<string | null>(null);
  const rings = detail.rings;
  return (
    <div className="cases-detail" data-testid="case-detail">
      <button type="button" className="cases-back" onClick={() => caseStore.select(null)}>
        ← {t('cases.back')}
      </button>
      <h3>{c.title}</h3>
      {canCommand(user) ? (
        <a className="cases-replay" href={`#/replay/${c.id}`} data-testid="case-replay">
          ▶ {t('replay.link')}
        </a>
      ) : null}
      <p className="muted">
        {c.subjectCategory ? t(`cases.category.${c.subjectCategory}`) : ''} × {c.subjectCount ?? 1} ·{' '}
        {t('cases.step', { step: t(`cases.steps.${c.step}`, { defaultValue: c.step }) })} ·{' '}
        {t('cases.created', { time: hhmm(c.createdAt) })}
      </p>
      <div className="cases-row">
        {c.acknowledgedAt ? (
          <span className="cases-ok">{t('cases.acked', { time: hhmm(c.acknowledgedAt) })}</span>
        ) : (
          <>
            <span className="cases-warn">{t('cases.notAcked')}</span>
            {canCommand(user) ? (
              <button
                type="button"
                className="primary"
                data-testid="ack"
                onClick={() =>
                  caseApi
                    .acknowledge(c.id)
                    .then(() => caseStore.reloadSoon())
                    .catch((err: unknown) => setError(errText(err)))
                }
              >
                {t('cases.ack')}
              </button>
            ) : null}
          </>
        )}
      </div>
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
      <CaseTimeline detail={detail} user={user} />

      <section className="cases-section" data-testid="rings-section">
        {rings && c.subjectCategory ? (
          <>
            <h4>
              {t('cases.rings', {
                category: t(`cases.category.${c.subjectCategory}`),
                terrain: c.terrain ? t(`cases.terrainName.${c.terrain}`, { defaultValue: c.terrain }) : '',
              })}
            </h4>
            <p className="cases-rings">{rings.features.map((f) => f.properties.label).join('　')}</p>
            {rings.source ? <p className="cases-source">{t('cases.ringsCitation')}</p> : null}
          </>
        ) : (
          <p className="muted">{t('cases.ringsNone')}</p>
        )}
      </section>

      <section className="cases-section" data-testid="matches-section">
        <h4>{t('cases.matches')}</h4>
        {detail.matches.length === 0 ? <p className="muted">{t('cases.noMatches')}</p> : null}
        <ol className="cases-matches">
          {detail.matches.map((m) => (
            <li key={m.id} className={m.status === 'confirmed' ? 'confirmed' : ''}>
              <div className="cases-reason">{lang === 'en' ? m.reason.en : m.reason.zh}</div>
              <div className="cases-row">
                <span className="muted">
                  {m.sighting.callsign} · {t('cases.score', { score: m.score.toFixed(2) })}
                </span>
                {m.status === 'confirmed' ? (
                  <span className="cases-ok">{t('cases.confirmed')}</span>
                ) : canCommand(user) ? (
                  <button
                    type="button"
                    onClick={() =>
                      caseApi
                        .confirmMatch(m.id)
                        .then(() => caseStore.reloadSoon())
                        .catch((err: unknown) => setError(errText(err)))
                    }
                  >
                    {t('cases.confirm')}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section className="cases-section">
        <h4>{t('cases.fixes', { count: detail.callerLocations.features.length })}</h4>
        <ul className="cases-fixes">
          {detail.callerLocations.features.map((f) => (
            <li key={f.properties.id}>
              {hhmm(f.properties.t)} · {t(`cases.source.${f.properties.source}`)} · ±
              {Math.round(f.properties.accuracyM)} m · {f.geometry.coordinates[1].toFixed(5)},{' '}
              {f.geometry.coordinates[0].toFixed(5)}
            </li>
          ))}
        </ul>
      </section>

      <LinkSection detail={detail} />
      <ManualSection detail={detail} />
      {canCommand(user) ? <DispatchSection detail={detail} /> : null}

      {canCommand(user) || c.status === 'closed' ? <CloseCaseSection detail={detail} onError={setError} /> : null}

      {detail.assignments.length > 0 ? (
        <section className="cases-section">
          <h4>{t('cases.assignments')}</h4>
          <ul className="cases-fixes">
            {detail.assignments.map((a) => (
              <li key={a.id}>
                {a.unitCallsign ?? a.unitId.slice(0, 8)} →{' '}
                {t(`cases.target.${a.target.kind}`, { ref: a.target.ref ?? '' })} · {t(`officer.status.${a.status}`)} ·{' '}
                {hhmm(a.updatedAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** The commander's (and officer's) cases panel on the map page. */
export function CasesPanel({ user }: { user: User }) {
  const { t } = useTranslation();
  const store = useCaseStore();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const listVersion = store.listVersion;

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    caseApi
      .list('open')
      .then((r) => {
        if (!cancelled) setCases(r.cases);
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(errText(err));
      });
    return () => {
      cancelled = true;
    };
  }, [open, creating, listVersion, store.detail]);

  const unacked = cases.filter((c) => !c.acknowledgedAt).length;
  return (
    <>
      <button
        type="button"
        className={`cases-toggle${open ? ' active' : ''}`}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="cases-toggle"
      >
        {t('cases.toggle')}
        {unacked > 0 ? <span className="cases-badge">{unacked}</span> : null}
      </button>
      {open ? (
        <aside className="cases-panel panel" data-testid="cases-panel">
          {store.selectedId && store.detail ? (
            <CaseDetailView detail={store.detail} user={user} />
          ) : store.selectedId ? (
            <p className="muted">{store.error ? t('cases.error', { message: store.error }) : t('map.loading')}</p>
          ) : creating ? (
            <NewCaseForm
              onDone={(c) => {
                setCreating(false);
                if (c) caseStore.select(c.id);
              }}
            />
          ) : (
            <>
              <div className="cases-row cases-head">
                <h3>{t('cases.title')}</h3>
                <button type="button" className="primary" onClick={() => setCreating(true)} data-testid="new-case">
                  + {t('cases.new')}
                </button>
              </div>
              {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
              {cases.length === 0 ? <p className="muted">{t('cases.none')}</p> : null}
              <ul className="cases-list">
                {cases.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      onClick={() => caseStore.select(c.id)}
                      disabled={c.brief === true}
                      title={c.brief ? t('caseTimeline.briefTitle') : undefined}
                    >
                      <strong>{c.title}</strong>
                      <span className="muted">
                        {c.subjectCategory ? t(`cases.category.${c.subjectCategory}`) : ''} · {hhmm(c.createdAt)} ·{' '}
                        {t(`cases.steps.${c.step}`, { defaultValue: c.step })}
                      </span>
                      {!c.acknowledgedAt ? <span className="cases-warn">{t('cases.notAcked')}</span> : null}
                      <CaseBriefTag summary={c} />
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
      ) : null}
    </>
  );
}
