import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MonthlyReport } from './MonthlyReport.tsx';
import { YearlyReport } from './YearlyReport.tsx';
import './reports-i18n.ts';
import './reports.css';

type View = 'monthly' | 'yearly';
const viewFromHash = (): View => (location.hash === '#/reports/yearly' ? 'yearly' : 'monthly');

/** The reports (commander, admin): the month, or the year to date with its comparisons; the hash names which. */
export function ReportsPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>(viewFromHash);

  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const tabs = (
    <nav className="reports-tabs" aria-label={t('reports.views')}>
      <a href="#/reports" className={view === 'monthly' ? 'active' : ''} data-testid="report-tab-monthly">
        {t('reports.tab.monthly')}
      </a>
      <a href="#/reports/yearly" className={view === 'yearly' ? 'active' : ''} data-testid="report-tab-yearly">
        {t('reports.tab.yearly')}
      </a>
    </nav>
  );
  return (
    <div className="reports-page" data-testid="reports-page">
      {view === 'yearly' ? <YearlyReport tabs={tabs} /> : <MonthlyReport tabs={tabs} />}
    </div>
  );
}
