import { useTranslation } from 'react-i18next';
import type { CaseSummary } from './case-types.ts';

/**
 * In the case list, where a full row has the caller's phone: "仅概要" for the brief rows an officer gets for open
 * cases not his (GET /cases: `brief: true`, no phone, no description); the phone itself, masked, is in the case.
 */
export function CaseBriefTag({ summary }: { summary: CaseSummary }) {
  const { t } = useTranslation();
  if (summary.brief !== true) return null;
  return (
    <span className="muted" title={t('caseTimeline.briefTitle')} data-testid="case-brief">
      {t('caseTimeline.brief')}
    </span>
  );
}
