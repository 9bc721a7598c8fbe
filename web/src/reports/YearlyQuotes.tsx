import { useTranslation } from 'react-i18next';
import { ChangeText } from './ChangeText.tsx';
import { durationText, monthLabel, percentText, shanghaiMonth } from './reports-format.ts';
import { caseKinds, type YearlyReportView } from '@lookout/contracts';

type Interval = YearlyReportView['periods']['yearToDate']['intervals'][number];

/** The figures the station quotes in its own texts: cases this year, times to reunion and to find, the month. */
export function YearlyQuotes({ report: r }: { report: YearlyReportView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ytd = r.periods.yearToDate;
  const yoy = r.yearOnYear;
  const interval = (key: string) => ytd.intervals.find((i) => i.key === key)!;
  const compared = (key: string) => yoy.intervals.find((i) => i.key === key)!;
  const targeted = ytd.intervals.filter((i) => i.targetS !== null);
  const thisYear = shanghaiMonth(Date.parse(r.generatedAt)).startsWith(String(r.year));

  const timeCard = (key: 'reunion' | 'found') => {
    const i: Interval = interval(key);
    const c = compared(key);
    return (
      <div className="report-card yearly-quote" data-testid={`yearly-${key}`}>
        <div className="report-card-title">{t(`reports.yearly.mean.${key}`)}</div>
        <div className="report-big" data-s={i.meanS ?? ''}>
          {durationText(i.meanS, lang)}
        </div>
        <p>
          <ChangeText change={c.meanS} figure="time" against="yoy" />
          <span className="yearly-base">
            {t('reports.yearly.was', { value: durationText(c.meanS.base, lang), base: t('reports.yearly.base.yoy') })}
          </span>
        </p>
        <p data-testid={`yearly-${key}-median`}>
          {t('reports.yearly.median', { value: durationText(i.medianS, lang) })}{' '}
          <ChangeText change={c.medianS} figure="time" against="yoy" />
        </p>
        <p className="yearly-n">{t('reports.yearly.n', { n: i.n })}</p>
      </div>
    );
  };

  return (
    <section className="yearly-quotes">
      <div className="report-card yearly-quote" data-testid="yearly-total">
        <div className="report-card-title">
          {t(thisYear ? 'reports.yearly.totalThisYear' : 'reports.yearly.totalYear', { year: r.year })}
        </div>
        <div className="report-big">{t('reports.yearly.cases', { count: ytd.cases.total })}</div>
        <p>
          <ChangeText change={yoy.cases.total} figure="count" against="yoy" />
          <span className="yearly-base">
            {t('reports.yearly.was', {
              value: t('reports.yearly.cases', { count: yoy.cases.total.base }),
              base: t('reports.yearly.base.yoy'),
            })}
          </span>
        </p>
        <dl>
          {caseKinds.map((k) => (
            <div key={k} data-testid={`yearly-kind-${k}`}>
              <dt>{t(`reports.kind.${k}`)}</dt>
              <dd>
                {ytd.cases.byKind[k]} <ChangeText change={yoy.cases.byKind[k]} figure="count" against="yoy" />
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="report-card yearly-quote" data-testid="yearly-month-card">
        <div className="report-card-title">{monthLabel(r.month, lang)}</div>
        <div className="report-big">{t('reports.yearly.cases', { count: r.periods.month.cases.total })}</div>
        <p data-testid="yearly-mom">
          <ChangeText change={r.monthOnMonth.cases.total} figure="count" against="mom" />
          <span className="yearly-base">
            {t('reports.yearly.was', {
              value: t('reports.yearly.cases', { count: r.monthOnMonth.cases.total.base }),
              base: t('reports.yearly.base.mom'),
            })}
          </span>
        </p>
        <p data-testid="yearly-month-yoy">
          <ChangeText change={r.monthYearOnYear.cases.total} figure="count" against="monthYoy" />
          <span className="yearly-base">
            {t('reports.yearly.was', {
              value: t('reports.yearly.cases', { count: r.monthYearOnYear.cases.total.base }),
              base: t('reports.yearly.base.monthYoy'),
            })}
          </span>
        </p>
      </div>
      {timeCard('reunion')}
      {timeCard('found')}
      <div className="report-card yearly-quote" data-testid="yearly-within">
        <div className="report-card-title">{t('reports.yearly.within')}</div>
        <dl className="yearly-within-list">
          {targeted.map((i) => (
            <div key={i.key} data-within={i.key}>
              <dt>
                {t(`reports.interval.${i.key}`)} ≤ {durationText(i.targetS, lang)}
              </dt>
              <dd>
                {percentText(i.withinShare)}{' '}
                <ChangeText change={compared(i.key).withinShare} figure="share" against="yoy" />
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
