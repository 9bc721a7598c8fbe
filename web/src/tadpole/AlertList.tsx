import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks.ts';
import { onCaseEvent } from '../cases/case-feed.ts';
import { shortTime } from './countdown.ts';
import { tadpoleApi } from './tadpole-api.ts';
import type { Alert } from './tadpole-types.ts';

export function AlertList({
  onOpen,
  onNew,
  onGroups,
}: {
  onOpen: (id: string) => void;
  onNew: () => void;
  /** Opens the community groups; null for those who do not keep groups. */
  onGroups: (() => void) | null;
}) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const [which, setWhich] = useState<'open' | 'closed'>('open');
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => onCaseEvent(() => setVersion((v) => v + 1)), []);
  useEffect(() => {
    let cancelled = false;
    tadpoleApi.list(which).then(
      (r) => {
        if (cancelled) return;
        setAlerts(r.alerts);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [which, version]);

  return (
    <div className="tp-page tp-list" data-testid="tadpole-list">
      <div className="tp-list-head">
        <div className="tp-seg" role="tablist">
          {(['open', 'closed'] as const).map((w) => (
            <button
              key={w}
              type="button"
              role="tab"
              aria-selected={which === w}
              className={which === w ? 'on' : ''}
              onClick={() => {
                setAlerts(null);
                setWhich(w);
              }}
            >
              {t(`tadpole.list.${w}`)}
            </button>
          ))}
        </div>
        <button type="button" className="tp-big primary" onClick={onNew} data-testid="tadpole-new">
          {t('tadpole.list.new')}
        </button>
      </div>
      {onGroups ? (
        <div className="tp-list-tools">
          <button type="button" className="tp-mid" onClick={onGroups} data-testid="tadpole-groups">
            {t('tadpole.groups.manage')}
          </button>
        </div>
      ) : null}
      {error ? <p className="error">{t('error.generic', { message: error })}</p> : null}
      {alerts === null ? <p className="muted tp-pad">{t('tadpole.list.loading')}</p> : null}
      {alerts?.length === 0 ? <p className="muted tp-pad">{t('tadpole.list.empty')}</p> : null}
      <ul className="tp-alerts">
        {alerts?.map((a) => (
          <li key={a.id}>
            <button type="button" onClick={() => onOpen(a.id)} data-alert={a.id}>
              <span className={`tp-chip tp-kind-${a.kind}`}>{t(`tadpole.kind.${a.kind}`)}</span>
              <span className={`tp-chip tp-status-${a.retractedAt ? 'retracted' : a.status}`}>
                {t(`tadpole.status.${a.retractedAt ? 'retracted' : a.status}`)}
              </span>
              <span className="tp-alert-line">
                {t(`tadpole.ageBand.${a.ageBand}`)} · {t(`tadpole.sex.${a.sex}`)}
                {a.clothing ? ` · ${a.clothing}` : ''}
              </span>
              <span className="tp-alert-sub">
                {shortTime(a.seenAt, now)} · {a.placeText ?? `${a.point.lat.toFixed(4)}, ${a.point.lon.toFixed(4)}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
