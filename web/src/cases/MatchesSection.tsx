import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { currentLanguage } from '../i18n.ts';
import { caseApi } from './case-api.ts';
import { caseStore } from './case-store.ts';
import type { CaseDetail } from './case-types.ts';
import { errText } from './case-ui.ts';
import { DispatchHere } from './DispatchHere.tsx';
import { groupMatches, type RankedMatch } from './match-groups.ts';
import { matchFacts } from './target-label.ts';
import { commands } from '../shared/roles.ts';

function MatchRow({
  m,
  caseId,
  user,
  onError,
}: {
  m: RankedMatch;
  caseId: string;
  user: User;
  onError: (e: string) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <li
      className={m.status === 'confirmed' ? 'confirmed' : ''}
      data-testid="match-row"
      data-rank={m.rank}
      data-status={m.status}
    >
      <div className="cases-reason">{lang === 'en' ? m.reason.en : m.reason.zh}</div>
      <div className="cases-row">
        <span className="muted">
          {m.sighting.callsign} · {matchFacts(m, t)}
        </span>
      </div>
      {commands(user) ? (
        <div className="cases-row">
          {m.status === 'proposed' ? (
            <button
              type="button"
              data-testid="match-confirm"
              onClick={() =>
                caseApi
                  .confirmMatch(m.id)
                  .then(() => caseStore.reloadSoon())
                  .catch((err: unknown) => onError(errText(err)))
              }
            >
              {t('cases.confirm')}
            </button>
          ) : null}
          <DispatchHere caseId={caseId} target={{ kind: 'match', ref: m.id }} testId="match-dispatch" />
        </div>
      ) : null}
    </li>
  );
}

/**
 * The matches by rank (best score first) with their distance, score and status. Once one is confirmed, the
 * others fold under "其他 N 个较弱匹配": the commander no longer wades through weak candidates, each with a button.
 */
export function MatchesSection({ detail, user }: { detail: CaseDetail; user: User }) {
  const { t } = useTranslation();
  const [showWeak, setShowWeak] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { shown, weak } = groupMatches(detail.matches);
  const row = (m: RankedMatch) => <MatchRow key={m.id} m={m} caseId={detail.case.id} user={user} onError={setError} />;
  return (
    <section className="cases-section" data-testid="matches-section">
      <h4>{t('cases.matches')}</h4>
      {detail.matches.length === 0 ? <p className="muted">{t('cases.noMatches')}</p> : null}
      <ul className="cases-matches">{shown.map(row)}</ul>
      {weak.length > 0 ? (
        <>
          <button
            type="button"
            className="cases-weak-toggle"
            aria-expanded={showWeak}
            onClick={() => setShowWeak((s) => !s)}
            data-testid="weak-matches-toggle"
          >
            {showWeak ? '▾' : '▸'} {t('cases.weakMatches', { count: weak.length })}
          </button>
          {showWeak ? (
            <ul className="cases-matches cases-weak" data-testid="weak-matches">
              {weak.map(row)}
            </ul>
          ) : null}
        </>
      ) : null}
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
    </section>
  );
}
