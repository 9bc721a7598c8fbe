import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { caseApi } from './case-api.ts';
import { caseStore } from './case-store.ts';
import type { CaseDetail } from './case-types.ts';
import { errText } from './case-ui.ts';
import { CallerFixesSection } from './CallerFixesSection.tsx';
import { CaseLogSection } from '../case-log/CaseLogSection.tsx';
import { CaseDronesSection } from './CaseDronesSection.tsx';
import { CoverageSection } from '../search-coverage/CoverageSection.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { CloseCaseSection } from './CloseCaseSection.tsx';
import { DispatchSection } from './DispatchSection.tsx';
import { LinkSection } from './LinkSection.tsx';
import { ManualSection } from './ManualSection.tsx';
import { rankMatches } from './match-groups.ts';
import { MatchesSection } from './MatchesSection.tsx';
import { assignmentTargetText } from './target-label.ts';
import { clockTime } from '../shared/clock-time.ts';
import { commands } from '../shared/roles.ts';
import { SectorsSection } from '../sectors/SectorsSection.tsx';

function RingsSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const c = detail.case;
  const rings = detail.rings;
  return (
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
  );
}

function AssignmentsSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (detail.assignments.length === 0) return null;
  const ranked = rankMatches(detail.matches);
  return (
    <section className="cases-section" data-testid="assignments-section">
      <h4>{t('cases.assignments')}</h4>
      <ul className="cases-fixes">
        {detail.assignments.map((a) => (
          <li key={a.id} data-testid="assignment-row" data-unit={a.unitId} data-status={a.status}>
            {a.unitCallsign ?? a.unitId.slice(0, 8)} → {assignmentTargetText(a, ranked, t)} ·{' '}
            {t(`officer.status.${a.status}`)} · {clockTime(a.updatedAt)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One case in the panel: its step and acknowledgement, timeline, rings, matches, caller fixes and dispatch. */
export function CaseDetailView({ detail, user }: { detail: CaseDetail; user: User }) {
  const { t } = useTranslation();
  const c = detail.case;
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="cases-detail" data-testid="case-detail" data-case={c.id}>
      <div className="cases-row cases-detail-head">
        <button type="button" className="cases-back" onClick={() => caseStore.select(null)}>
          ← {t('cases.back')}
        </button>
        {commands(user) ? (
          <a className="cases-replay" href={`#/replay/${c.id}`} data-testid="case-replay">
            ▶ {t('replay.link')}
          </a>
        ) : null}
        <ExportMenu caseId={c.id} />
      </div>
      <h3>{c.title}</h3>
      <p className="muted">
        {c.subjectCategory ? t(`cases.category.${c.subjectCategory}`) : ''} × {c.subjectCount ?? 1} ·{' '}
        {t('cases.step', { step: t(`cases.steps.${c.step}`, { defaultValue: c.step }) })} ·{' '}
        {t('cases.created', { time: clockTime(c.createdAt) })}
      </p>
      <div className="cases-row">
        {c.acknowledgedAt ? (
          <span className="cases-ok">{t('cases.acked', { time: clockTime(c.acknowledgedAt) })}</span>
        ) : (
          <>
            <span className="cases-warn">{t('cases.notAcked')}</span>
            {commands(user) ? (
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
      <CallerFixesSection detail={detail} />
      <CaseLogSection caseId={c.id} open={c.status === 'open'} />
      <CaseTimeline detail={detail} user={user} />
      <RingsSection detail={detail} />
      <SectorsSection detail={detail} editable={commands(user)} />
      <CoverageSection />
      <MatchesSection detail={detail} user={user} />

      <LinkSection detail={detail} />
      <ManualSection detail={detail} />
      {commands(user) ? <DispatchSection detail={detail} /> : null}
      {commands(user) ? <CaseDronesSection detail={detail} /> : null}

      {commands(user) || c.status === 'closed' ? <CloseCaseSection detail={detail} onError={setError} /> : null}
      <AssignmentsSection detail={detail} />
    </div>
  );
}
