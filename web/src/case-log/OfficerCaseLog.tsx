import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseLogSection } from './CaseLogSection.tsx';
import './case-log-i18n.ts';

/**
 * The case log on the officer's guidance view: one bar above the status buttons; open, the latest messages and the
 * form, over the lower part of the screen, the arrow and the map staying where they are.
 */
export function OfficerCaseLog({ caseId, open }: { caseId: string; open: boolean }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <div className={`officer-case-log${shown ? ' shown' : ''}`} data-testid="officer-case-log">
      <button
        type="button"
        aria-expanded={shown}
        onClick={() => setShown((s) => !s)}
        data-testid="officer-case-log-toggle"
      >
        {t('caseLog.toggle')} {shown ? '▾' : '▴'}
      </button>
      {shown ? <CaseLogSection caseId={caseId} open={open} latest={5} /> : null}
    </div>
  );
}
