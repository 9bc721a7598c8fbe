import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseApi } from './case-api.ts';
import { caseStore } from './case-store.ts';
import type { CaseDetail, DispatchResult, TeamLink } from './case-types.ts';
import { errText, pickOnMap } from './case-ui.ts';
import { targetOptions } from './match-groups.ts';
import { targetLabel } from './target-label.ts';
import { OutsideTeamForm } from './OutsideTeamForm.tsx';
import { TeamLinkPanel } from './TeamLinkPanel.tsx';
import { UnitSelect } from './UnitSelect.tsx';
import { useUnits } from './use-units.ts';

/** Sending a unit to any target of the case, or to a point picked on the map. */
export function DispatchSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { units, error: unitsError, reload: reloadUnits } = useUnits();
  const [addingTeam, setAddingTeam] = useState(false);
  const [teamLink, setTeamLink] = useState<TeamLink | null>(null);
  const [unitId, setUnitId] = useState('');
  const [target, setTarget] = useState('');
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ unitId: string; outcome: DispatchResult['outcome'] } | null>(null);
  // One assignment per unit and case: a unit already out on this case is sent to the new target, not doubled.
  const live = detail.assignments.find(
    (a) => a.unitId === unitId && (a.status === 'dispatched' || a.status === 'en_route' || a.status === 'on_scene'),
  );

  const options = targetOptions(detail);
  const strong = options.filter((o) => !o.weak);
  const weak = options.filter((o) => o.weak);
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
        <UnitSelect units={units} value={unitId} onChange={setUnitId} testId="dispatch-unit" caseId={detail.case.id} />

        <select
          aria-label={t('cases.targetKind')}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          data-testid="dispatch-target"
        >
          <option value="">{t('cases.targetKind')}</option>
          {strong.map((o) => (
            <option key={o.value} value={o.value}>
              {targetLabel(o, t)}
            </option>
          ))}
          {weak.length > 0 ? (
            <optgroup label={t('cases.weakGroup')}>
              {weak.map((o) => (
                <option key={o.value} value={o.value}>
                  {targetLabel(o, t)}
                </option>
              ))}
            </optgroup>
          ) : null}
          <option value="point">{t('cases.target.point')}</option>
        </select>
      </div>
      {addingTeam ? null : (
        <button
          type="button"
          className="cases-link-button"
          onClick={() => setAddingTeam(true)}
          data-testid="outside-team-open"
        >
          + {t('cases.team.open')}
        </button>
      )}
      {addingTeam ? (
        <OutsideTeamForm
          onAdded={(unit) => {
            setAddingTeam(false);
            reloadUnits();
            setUnitId(unit.id);
          }}
          onCancel={() => setAddingTeam(false)}
        />
      ) : null}
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
          setOutcome(null);
          caseApi
            .assign(detail.case.id, unitId, chosen)
            .then((r) => {
              setOutcome({ unitId, outcome: r.outcome });
              if (r.teamLink) setTeamLink(r.teamLink);
              reloadUnits();
              caseStore.reloadSoon();
            })
            .catch((err: unknown) => setError(errText(err)));
        }}
        data-testid="dispatch-submit"
      >
        {live ? t('cases.retarget') : t('cases.assign')}
      </button>
      {live && outcome?.unitId !== unitId ? (
        <p className="cases-hint" data-testid="dispatch-en-route">
          {t('cases.enRouteHint', { unit: live.unitCallsign ?? '', status: t(`officer.status.${live.status}`) })}
        </p>
      ) : null}
      {outcome && outcome.unitId === unitId && outcome.outcome !== 'dispatched' ? (
        <p className="cases-hint" data-testid="dispatch-outcome" data-outcome={outcome.outcome}>
          {t(`cases.dispatchOutcome.${outcome.outcome}`)}
        </p>
      ) : null}
      {teamLink ? <TeamLinkPanel link={teamLink} onChange={setTeamLink} /> : null}
      {error || unitsError ? <p className="error">{t('cases.error', { message: error ?? unitsError })}</p> : null}
    </section>
  );
}
