import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { caseApi } from './case-api.ts';
import './case-i18n.ts';
import { caseStore, useCaseStore } from './case-store.ts';
import type { CaseSummary } from './case-types.ts';
import { errText } from './case-ui.ts';
import { CaseBriefTag } from './CaseBriefTag.tsx';
import { CaseDetailView } from './CaseDetailView.tsx';
import { NewCaseForm } from './NewCaseForm.tsx';
import { PanelToggle } from './PanelToggle.tsx';
import './cases.css';
import { clockTime } from '../shared/clock-time.ts';

/** The open cases, reloaded while the panel is open and on every live case event. */
function useOpenCases(open: boolean, version: unknown): { cases: CaseSummary[]; error: string | null } {
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    caseApi
      .list('open')
      .then((r) => !cancelled && setCases(r.cases))
      .catch((err: unknown) => !cancelled && setError(errText(err)));
    return () => {
      cancelled = true;
    };
  }, [open, version]);
  return { cases, error };
}

/** 警情 at the top of the map; while the panel is open, with the number of cases nobody acknowledged yet. */
export function CasesToggle() {
  const { t } = useTranslation();
  const store = useCaseStore();
  const { cases } = useOpenCases(store.panelOpen, store.listVersion);
  const unacked = cases.filter((c) => !c.acknowledgedAt).length;
  return (
    <PanelToggle
      label={t('cases.toggle')}
      badge={unacked > 0 ? <span className="cases-badge">{unacked}</span> : null}
      testId="cases-toggle"
    />
  );
}

function CaseList({ onNew }: { onNew: () => void }) {
  const { t } = useTranslation();
  const store = useCaseStore();
  const { cases, error } = useOpenCases(true, `${store.listVersion}:${store.selectedId ?? ''}`);
  return (
    <>
      <div className="cases-row cases-head">
        <h3>{t('cases.title')}</h3>
        <button type="button" className="primary" onClick={onNew} data-testid="new-case">
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
                {c.subjectCategory ? t(`cases.category.${c.subjectCategory}`) : ''} · {clockTime(c.createdAt)} ·{' '}
                {t(`cases.steps.${c.step}`, { defaultValue: c.step })}
              </span>
              {!c.acknowledgedAt ? <span className="cases-warn">{t('cases.notAcked')}</span> : null}
              <CaseBriefTag summary={c} />
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The commander's (and officer's) cases panel on the map page: the list, a new case, or one case. */
export function CasesPanel({ user }: { user: User }) {
  const { t } = useTranslation();
  const store = useCaseStore();
  const [creating, setCreating] = useState(false);
  if (!store.panelOpen) return null;
  return (
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
        <CaseList onNew={() => setCreating(true)} />
      )}
    </aside>
  );
}
