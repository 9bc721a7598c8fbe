import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, auditCsvHref, type AuditEntry } from './admin-api.ts';
import {
  auditQueryString,
  dateTime,
  detailText,
  EMPTY_FILTERS,
  LOCAL_TIME_PATTERN,
  type AuditFilters,
} from './admin-format.ts';
import { ErrorText } from './common.tsx';
import './admin-i18n.ts';

const PAGE = 50;

/** Admin: the audit log, newest first, filtered by time, actor and action, paged back, exportable as CSV. */
export function AuditPanel() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditFilters>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(EMPTY_FILTERS);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  /** Fetches a page (the first when `before` is null) into the table; no state is set before the answer. */
  const fetchPage = useCallback((filters: AuditFilters, before: number | null) => {
    adminApi
      .audit(auditQueryString(filters, { before, limit: PAGE }))
      .then((r) => {
        setEntries((old) => (before ? [...old, ...r.entries] : r.entries));
        setNext(r.next);
      })
      .catch((err: unknown) => setError(err))
      .finally(() => setLoading(false));
  }, []);
  useEffect(() => fetchPage(EMPTY_FILTERS, null), [fetchPage]);
  const load = (filters: AuditFilters, before: number | null) => {
    setLoading(true);
    setError(null);
    fetchPage(filters, before);
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
    load(draft, null);
  };
  const clear = () => {
    setDraft(EMPTY_FILTERS);
    setApplied(EMPTY_FILTERS);
    load(EMPTY_FILTERS, null);
  };
  const field = (key: keyof AuditFilters, hint: string, pattern?: string) => (
    <label>
      {t(`adminx.audit.${key}`)}
      <input
        name={`audit-${key}`}
        value={draft[key]}
        pattern={pattern}
        autoComplete="off"
        placeholder={hint}
        title={hint}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <section className="card" data-testid="audit-panel">
      <h2>{t('adminx.audit.title')}</h2>
      <form onSubmit={apply} data-testid="audit-filters">
        <div className="adm-filters">
          {field('from', t('adminx.audit.timeHint'), LOCAL_TIME_PATTERN)}
          {field('to', t('adminx.audit.timeHint'), LOCAL_TIME_PATTERN)}
          {field('actor', t('adminx.audit.actorHint'))}
          {field('action', t('adminx.audit.actionHint'))}
        </div>
        <div className="adm-filter-actions">
          <button type="submit" className="primary" disabled={loading}>
            {t('adminx.audit.apply')}
          </button>
          <button type="button" onClick={clear} disabled={loading}>
            {t('adminx.audit.clear')}
          </button>
          <a
            className="adm-link-button"
            data-testid="audit-csv"
            href={auditCsvHref(auditQueryString(applied))}
            download
            title={t('adminx.audit.csvHint')}
          >
            {t('adminx.audit.csv')}
          </a>
          <span className="adm-muted">
            {loading ? t('adminx.audit.loading') : t('adminx.audit.count', { count: entries.length })}
          </span>
        </div>
      </form>
      <ErrorText error={error} />
      <div className="table-wrap">
        <table className="adm-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('adminx.audit.colAt')}</th>
              <th>{t('adminx.audit.colActor')}</th>
              <th>{t('adminx.audit.colAction')}</th>
              <th>{t('adminx.audit.colTarget')}</th>
              <th className="adm-hide-narrow">{t('adminx.audit.colFrom')}</th>
              <th className="adm-hide-narrow">{t('adminx.audit.colDetail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((a) => {
              const detail = detailText(a.detail);
              return (
                <tr key={a.id} data-action={a.action}>
                  <td style={{ whiteSpace: 'nowrap' }}>{dateTime(a.at)}</td>
                  <td>{a.actorName ?? (a.actorId ? a.actorId.slice(0, 8) : t('adminx.audit.system'))}</td>
                  <td className="adm-action">{a.action}</td>
                  <td>
                    {a.targetType}
                    {a.targetId ? <span className="adm-muted"> {a.targetId.slice(0, 8)}</span> : null}
                  </td>
                  <td className="adm-hide-narrow">{a.remoteAddr ?? '–'}</td>
                  <td className="adm-hide-narrow adm-detail" title={detail}>
                    {detail}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {!loading && entries.length === 0 ? <p className="adm-muted">{t('adminx.audit.empty')}</p> : null}
      <div className="adm-filter-actions">
        {next ? (
          <button type="button" data-testid="audit-more" disabled={loading} onClick={() => load(applied, next)}>
            {t('adminx.audit.more')}
          </button>
        ) : entries.length > 0 ? (
          <span className="adm-muted">{t('adminx.audit.end')}</span>
        ) : null}
      </div>
    </section>
  );
}
