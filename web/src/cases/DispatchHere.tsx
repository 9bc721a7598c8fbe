import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseApi } from './case-api.ts';
import { caseStore, useCaseStore } from './case-store.ts';
import type { TargetInput } from './case-types.ts';
import { errText } from './case-ui.ts';
import { UnitSelect } from './UnitSelect.tsx';
import { useUnits } from './use-units.ts';
import '../pilot/pilot-i18n.ts';

/**
 * "派往此处" on a match or sighting row: the button opens a unit picker right there, so the commander sends a unit
 * to what he is looking at instead of finding it again in a list of ids.
 */
export function DispatchHere({
  caseId,
  target,
  testId,
  handOff = false,
}: {
  caseId: string;
  target: TargetInput;
  testId: string;
  /** A pilot's 同步给地面: the same dispatch, in his words. */
  handOff?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  if (!open) {
    return (
      <>
        <button type="button" onClick={() => setOpen(true)} data-testid={testId}>
          {handOff ? t('pilot.handOff') : t('cases.dispatchHere')}
        </button>
        {sent ? (
          <span className="cases-ok" data-testid={`${testId}-sent`}>
            {handOff ? t('pilot.handedTo', { unit: sent }) : t('cases.dispatchedTo', { unit: sent })}
          </span>
        ) : null}
      </>
    );
  }
  return (
    <DispatchHereForm
      caseId={caseId}
      target={target}
      testId={testId}
      onClose={(unit) => {
        setOpen(false);
        if (unit) setSent(unit);
      }}
    />
  );
}

function DispatchHereForm({
  caseId,
  target,
  testId,
  onClose,
}: {
  caseId: string;
  target: TargetInput;
  testId: string;
  onClose: (sentUnit: string | null) => void;
}) {
  const { t } = useTranslation();
  const { units, error: unitsError } = useUnits();
  const [unitId, setUnitId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = () => {
    setBusy(true);
    setError(null);
    caseApi
      .assign(caseId, unitId, target)
      .then(() => {
        caseStore.reloadSoon();
        onClose(units.find((u) => u.id === unitId)?.callsign ?? unitId);
      })
      .catch((err: unknown) => setError(errText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="cases-dispatch-here" data-testid={`${testId}-form`}>
      <div className="cases-row">
        <UnitSelect units={units} value={unitId} onChange={setUnitId} testId={`${testId}-unit`} caseId={caseId} />
        <button
          type="button"
          className="primary"
          disabled={!unitId || busy}
          onClick={send}
          data-testid={`${testId}-send`}
        >
          {t('cases.assign')}
        </button>
        <button type="button" onClick={() => onClose(null)}>
          {t('cases.cancel')}
        </button>
      </div>
      {error || unitsError ? <p className="error">{t('cases.error', { message: error ?? unitsError })}</p> : null}
    </div>
  );
}

/**
 * Under a sighting's details on the map: send a unit of the case open in the panel to that sighting (a pilot's
 * hand-off when `handOff`).
 */
export function SightingDispatch({ sightingId, handOff = false }: { sightingId: string; handOff?: boolean }) {
  const store = useCaseStore();
  const c = store.detail?.case;
  if (!c || c.status !== 'open') return null;
  return (
    <div className="sighting-dispatch">
      <span className="muted">{c.title}</span>
      <DispatchHere
        caseId={c.id}
        target={{ kind: 'sighting', ref: sightingId }}
        testId="sighting-dispatch"
        handOff={handOff}
      />
    </div>
  );
}
