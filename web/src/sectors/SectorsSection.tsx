import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectorAssigneeKind, SectorFeature, SectorPatchBody } from '@lookout/contracts';
import type { CaseDetail } from '../cases/case-types.ts';
import { useUnits } from '../cases/use-units.ts';
import { getMap } from '../map/core/map-instance.ts';
import { boundsToMap } from '../map/core/datum.ts';
import { finishDraftShown } from './sector-draw.ts';
import { sectorStore, useSectorStore } from './sector-store.ts';
import { sectorsApi } from './sectors-api.ts';
import { sectorErrText } from './sectors-i18n.ts';
import { statusColour } from './SectorsLayer.tsx';
import { SectorStatusPicker } from './SectorStatusPicker.tsx';
import './sectors.css';

interface AssigneeOption {
  value: string;
  label: string;
}

const assigneeValue = (a: { kind: string; ref: string } | null) => (a ? `${a.kind}:${a.ref}` : '');

function parseAssignee(v: string): { kind: SectorAssigneeKind; ref: string } | null {
  if (!v) return null;
  const i = v.indexOf(':');
  return { kind: v.slice(0, i) as SectorAssigneeKind, ref: v.slice(i + 1) };
}

function areaText(t: (k: string, o: Record<string, unknown>) => string, m2: number): string {
  return m2 >= 100_000 ? t('sectors.area', { km2: (m2 / 1e6).toFixed(2) }) : t('sectors.areaM2', { m2 });
}

/** Bring a sector into view. */
function flyTo(s: SectorFeature): void {
  const map = getMap();
  if (!map) return;
  const pts = s.geometry.coordinates[0] ?? [];
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  const b = boundsToMap([
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ]);
  map.fitBounds(b, { padding: 60, maxZoom: 16, duration: 0 });
}

/**
 * 搜索区块 in the case panel: the list with status, priority and who searches each (editable by commanders), and
 * the commander's tools: split a ring into cells, draw a sector on the map, redraw the selected sector's outline.
 */
export function SectorsSection({ detail, editable }: { detail: CaseDetail; editable: boolean }) {
  const { t } = useTranslation();
  const store = useSectorStore();
  const sectors = store.caseId === detail.case.id ? store.sectors : [];
  const searched = sectors.filter((s) => s.properties.status === 'searched').length;
  return (
    <section className="cases-section sectors-section" data-testid="sectors-section">
      <h4>
        {t('sectors.title')}{' '}
        {sectors.length > 0 ? (
          <small className="muted">{t('sectors.count', { count: sectors.length, searched })}</small>
        ) : null}
      </h4>
      {editable && detail.case.status === 'open' ? <SectorTools detail={detail} /> : null}
      {store.actionError ? (
        <p className="error" data-testid="sector-error">
          {store.actionError === 'too_few' ? t('sectors.tooFew') : store.actionError}
        </p>
      ) : null}
      {store.error ? <p className="error">{store.error}</p> : null}
      {sectors.length === 0 ? (
        <p className="muted">{t('sectors.none')}</p>
      ) : editable ? (
        <SectorEditor detail={detail} sectors={sectors} />
      ) : (
        <ul className="sector-list">
          {sectors.map((s) => (
            <li key={s.id} data-testid="sector-row" data-name={s.properties.name} data-status={s.properties.status}>
              <button type="button" className="sector-name" onClick={() => pick(s)}>
                <span className="sector-dot" style={{ background: statusColour[s.properties.status] }} />
                {s.properties.name}
              </button>
              <span>{t(`sectors.status.${s.properties.status}`)}</span>
              <span className="muted">{s.properties.assignee?.label ?? t('sectors.unassigned')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function pick(s: SectorFeature): void {
  sectorStore.select(sectorStore.selectedId === s.id ? null : s.id);
  flyTo(s);
}

function SectorTools({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const store = useSectorStore();
  const rings = (detail.rings?.features ?? []).map((f) => f.properties.percent).sort((a, b) => a - b);
  const [ring, setRing] = useState<string>(rings.includes(50) ? '50' : String(rings[0] ?? ''));
  const [cellM, setCellM] = useState('500');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const caseId = detail.case.id;

  const split = () => {
    setBusy(true);
    setDone(null);
    sectorStore.fail(null);
    sectorsApi
      .split(caseId, { ringPercent: Number(ring), cellM: Number(cellM) })
      .then(async (fc) => {
        setDone(t('sectors.splitDone', { count: fc.features.length }));
        await sectorStore.reload();
      })
      .catch((err: unknown) => sectorStore.fail(sectorErrText(err)))
      .finally(() => setBusy(false));
  };
  const reshaping = store.sectors.find((s) => s.id === store.reshapeId);

  return (
    <div className="sector-tools">
      {rings.length > 0 ? (
        <div className="cases-row sector-split">
          <select
            aria-label={t('sectors.splitRing')}
            value={ring}
            onChange={(e) => setRing(e.target.value)}
            data-testid="sector-ring"
          >
            {rings.map((p) => (
              <option key={p} value={p}>
                {t('sectors.ringOption', { percent: p })}
              </option>
            ))}
          </select>
          <label className="sector-cell">
            {t('sectors.cellM')}
            <input
              type="number"
              min={50}
              max={5000}
              step={50}
              value={cellM}
              onChange={(e) => setCellM(e.target.value)}
              data-testid="sector-cell"
            />
          </label>
          <button type="button" disabled={busy} onClick={split} data-testid="sector-split">
            {busy ? t('sectors.splitting') : t('sectors.split')}
          </button>
        </div>
      ) : null}
      {done ? (
        <p className="muted" data-testid="sector-split-done">
          {done}
        </p>
      ) : null}
      {store.draft === null ? (
        <button
          type="button"
          onClick={() => {
            sectorStore.fail(null);
            sectorStore.startDraft();
          }}
          data-testid="sector-draw"
        >
          ✎ {t('sectors.draw')}
        </button>
      ) : (
        <div className="sector-drawing" data-testid="sector-drawing">
          <p>{reshaping ? t('sectors.reshapeHint', { name: reshaping.properties.name }) : t('sectors.drawHint')}</p>
          <div className="cases-row">
            <span className="muted">{t('sectors.drawPoints', { count: store.draft.length })}</span>
            <button type="button" className="primary" onClick={finishDraftShown} data-testid="sector-finish">
              {t('sectors.finish')}
            </button>
            <button type="button" onClick={() => sectorStore.endDraft()} data-testid="sector-cancel">
              {t('sectors.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function SectorEditor({ detail, sectors }: { detail: CaseDetail; sectors: SectorFeature[] }) {
  const { t } = useTranslation();
  const store = useSectorStore();
  const { units } = useUnits();
  const caseId = detail.case.id;
  const open = detail.case.status === 'open';

  // Who works on the case: the units sent to it (officers and outside teams) and the drones attached to it.
  const options: AssigneeOption[] = [];
  const seen = new Set<string>();
  for (const a of detail.assignments) {
    if (seen.has(a.unitId)) continue;
    seen.add(a.unitId);
    const team = Boolean(units.find((u) => u.id === a.unitId)?.agency);
    const kind = team ? 'team' : 'unit';
    options.push({
      value: `${kind}:${a.unitId}`,
      label: `${t(`sectors.kind.${kind}`)} ${a.unitCallsign ?? a.unitId.slice(0, 8)}`,
    });
  }
  for (const d of detail.drones) {
    options.push({ value: `drone:${d.droneId}`, label: `${t('sectors.kind.drone')} ${d.callsign}` });
  }

  const change = (s: SectorFeature, body: SectorPatchBody) => {
    sectorStore.fail(null);
    sectorsApi
      .patch(caseId, s.id, body)
      .then(() => sectorStore.reload())
      .catch((err: unknown) => sectorStore.fail(sectorErrText(err)));
  };
  const remove = (s: SectorFeature) => {
    if (!window.confirm(t('sectors.removeConfirm', { name: s.properties.name }))) return;
    sectorsApi
      .remove(caseId, s.id)
      .then(() => sectorStore.reload())
      .catch((err: unknown) => sectorStore.fail(sectorErrText(err)));
  };

  return (
    <ul className="sector-list">
      {sectors.map((s) => {
        const p = s.properties;
        const current = assigneeValue(p.assignee);
        const opts =
          p.assignee && !options.some((o) => o.value === current)
            ? [...options, { value: current, label: p.assignee.label }]
            : options;
        return (
          <li
            key={s.id}
            className={store.selectedId === s.id ? 'selected' : ''}
            data-testid="sector-row"
            data-name={p.name}
            data-status={p.status}
          >
            <button type="button" className="sector-name" onClick={() => pick(s)} title={areaText(t, p.areaM2)}>
              <span className="sector-dot" style={{ background: statusColour[p.status] }} />
              {p.name}
            </button>
            <SectorStatusPicker sector={s} onChange={(status) => change(s, { status })} />
            <select
              aria-label={t('sectors.priorityLabel')}
              value={String(p.priority)}
              onChange={(e) => change(s, { priority: Number(e.target.value) as 1 | 2 | 3 })}
              data-testid="sector-priority"
            >
              {(['1', '2', '3'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`sectors.priority.${v}`)}
                </option>
              ))}
            </select>
            <select
              aria-label={t('sectors.assignee')}
              value={current}
              onChange={(e) => change(s, { assignee: parseAssignee(e.target.value) })}
              data-testid="sector-assignee"
            >
              <option value="">{t('sectors.unassigned')}</option>
              {opts.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="sector-remove"
              aria-label={t('sectors.remove')}
              title={t('sectors.remove')}
              onClick={() => remove(s)}
            >
              ×
            </button>
            {store.selectedId === s.id ? (
              <div className="sector-row-actions">
                <span className="muted" data-testid="sector-area">
                  {areaText(t, p.areaM2)}
                </span>
                {open && store.draft === null ? (
                  <button
                    type="button"
                    onClick={() => {
                      sectorStore.fail(null);
                      sectorStore.startDraft(s.id);
                    }}
                    data-testid="sector-reshape"
                  >
                    ✎ {t('sectors.reshape')}
                  </button>
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
