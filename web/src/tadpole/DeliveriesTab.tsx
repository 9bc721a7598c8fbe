import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortTime } from './countdown.ts';
import { attemptNoteKey, deliveryRows, ROW_STATES, rowState, rowStateCounts } from './delivery-rows.ts';
import { ForwardKitDialog } from './ForwardKitDialog.tsx';
import { STATE_COLOURS } from './map-features.ts';
import { tadpoleApi } from './tadpole-api.ts';
import type { Alert, AlertDetail, Delivery, Group } from './tadpole-types.ts';
import { commands, forwardsAlerts, type RoleHolder } from '../shared/roles.ts';

/** A forward kit waiting for the liaison's paste and tap. */
const TO_FORWARD_COLOUR = '#ef6c00';

/** Per-group delivery state with retry info, forward kits and 已转发, adding and dropping groups by hand. */
export function DeliveriesTab({
  user,
  detail,
  deliveries,
  deliveriesError,
  groups,
  now,
  onChanged,
}: {
  user: RoleHolder;
  detail: AlertDetail;
  deliveries: Delivery[];
  deliveriesError: string | null;
  groups: Group[];
  now: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const rows = useMemo(() => deliveryRows(deliveries), [deliveries]);
  const [kitFor, setKitFor] = useState<Delivery | null>(null);
  /** The add-groups dialog: every group, or only the WeChat groups a liaison forwards to by hand. */
  const [adding, setAdding] = useState<'all' | 'forward_kit' | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const a = detail.alert;
  const open = a.status !== 'draft' && !a.retractedAt;
  // The server lets liaisons, commanders and admins forward (an officer does not run community groups);
  // a failed robot delivery goes back in the queue by a commander's hand.
  const forwarder = forwardsAlerts(user);
  const retrier = commands(user);

  const act = (key: string, fn: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    fn()
      .then(onChanged)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(null));
  };

  const candidates = groups.filter(
    (g) =>
      !g.disabled && !rows.some((r) => r.groupId === g.id) && (adding !== 'forward_kit' || g.channel === 'forward_kit'),
  );
  const counts = rowStateCounts(rows);
  const colour = (s: (typeof ROW_STATES)[number]) => (s === 'to_forward' ? TO_FORWARD_COLOUR : STATE_COLOURS[s]);

  return (
    <div className="tp-tab" data-testid="deliveries-tab">
      <div className="tp-status-counts">
        {ROW_STATES.map((s) => (
          <span key={s} className="tp-count" style={{ borderColor: colour(s) }} data-status={s}>
            <i style={{ background: colour(s) }} />
            {s === 'to_forward' ? t('tadpole.deliveries.toForward') : t(`tadpole.deliveries.status.${s}`)}{' '}
            <b>{counts[s]}</b>
          </span>
        ))}
      </div>
      {deliveriesError ? (
        <p className="tp-hint">{t('tadpole.deliveries.listUnavailable', { message: deliveriesError })}</p>
      ) : null}
      {error ? <p className="tp-error">{t('tadpole.reunion.failed', { message: error })}</p> : null}
      {rows.length === 0 && open && !deliveriesError ? (
        <NoGroupsInRange
          alert={a}
          now={now}
          onAdd={() => setAdding('all')}
          onKit={forwarder ? () => setAdding('forward_kit') : null}
        />
      ) : rows.length === 0 ? (
        <p className="muted">{t('tadpole.deliveries.empty')}</p>
      ) : null}
      <ul className="tp-deliveries">
        {rows.map((r) => {
          const d = r.latest;
          return (
            <li
              key={r.groupId}
              data-group={r.groupId}
              data-status={d.status}
              data-state={rowState(r)}
              data-channel={d.channel}
            >
              <div className="tp-delivery-head">
                <i className="tp-dot" style={{ background: STATE_COLOURS[d.status] }} />
                <strong className="tp-group-name">{d.groupName}</strong>
                <span className={`tp-state tp-state-${d.status}`}>
                  {r.toAcknowledge ? t('tadpole.deliveries.toForward') : t(`tadpole.deliveries.status.${d.status}`)}
                </span>
              </div>
              <div className="tp-delivery-sub">
                {t(`tadpole.deliveries.channel.${d.channel}`)} ·{' '}
                {t('tadpole.deliveries.members', { count: d.memberCount })} ·{' '}
                {t(`tadpole.deliveries.msgType.${d.msgType}`)}
                {d.addedBy === 'manual' ? ` · ${t('tadpole.deliveries.manual')}` : ''}
                {d.sentAt ? ` · ${shortTime(d.sentAt, now)}` : ''}
              </div>
              {d.channel !== 'forward_kit' && (d.status === 'failed' || d.status === 'queued' || d.attempts > 1) ? (
                <div className="tp-delivery-retry">
                  {d.attempts > 0 ? t('tadpole.deliveries.attempts', { count: d.attempts }) : ''}
                  {d.nextAttemptAt && d.status !== 'failed'
                    ? ` · ${t('tadpole.deliveries.nextAttempt', { time: shortTime(d.nextAttemptAt, now) })}`
                    : ''}
                  {d.lastError ? ` · ${t('tadpole.deliveries.lastError', { error: d.lastError })}` : ''}
                </div>
              ) : null}
              {d.lastAttemptNote && d.lastAttemptNote !== d.lastError ? (
                <div className="tp-delivery-sub">
                  {attemptNoteKey(d.lastAttemptNote) ? t(attemptNoteKey(d.lastAttemptNote)!) : d.lastAttemptNote}
                </div>
              ) : null}
              <div className="tp-delivery-actions">
                {forwarder && d.channel === 'forward_kit' && d.status !== 'failed' ? (
                  <button type="button" className="tp-mid" onClick={() => setKitFor(d)} data-testid="open-kit">
                    {t('tadpole.deliveries.kit')}
                  </button>
                ) : null}
                {retrier && d.status === 'failed' && d.channel !== 'forward_kit' && open ? (
                  <button
                    type="button"
                    className="tp-mid"
                    disabled={busy !== null}
                    onClick={() => act(`retry-${d.id}`, () => tadpoleApi.retry(d.id))}
                  >
                    {t('tadpole.deliveries.retry')}
                  </button>
                ) : null}
                {forwarder && r.toAcknowledge ? (
                  <button
                    type="button"
                    className="tp-mid primary"
                    disabled={busy !== null}
                    onClick={() => act(`ack-${r.toAcknowledge!.id}`, () => tadpoleApi.acknowledge(r.toAcknowledge!.id))}
                    data-testid="acknowledge"
                  >
                    {t('tadpole.deliveries.acknowledge')}
                  </button>
                ) : d.status === 'acknowledged' ? (
                  <span className="tp-acked">{t('tadpole.deliveries.acknowledged')}</span>
                ) : null}
                {open && (d.status === 'queued' || d.status === 'failed' || d.status === 'sending') ? (
                  <button
                    type="button"
                    className="tp-mid tp-quiet"
                    disabled={busy !== null}
                    onClick={() => {
                      if (window.confirm(t('tadpole.deliveries.dropConfirm', { name: d.groupName })))
                        act(`drop-${r.groupId}`, () => tadpoleApi.dropGroup(a.id, r.groupId));
                    }}
                  >
                    {t('tadpole.deliveries.drop')}
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {open ? (
        <button type="button" className="tp-big" onClick={() => setAdding('all')} data-testid="add-groups">
          {t('tadpole.deliveries.add')}
        </button>
      ) : null}

      {adding ? (
        <div className="tp-dialog" role="dialog" aria-modal="true" data-testid="add-groups-dialog">
          <h3>{t(adding === 'forward_kit' ? 'tadpole.deliveries.kitTitle' : 'tadpole.deliveries.addTitle')}</h3>
          {candidates.length === 0 ? (
            <p className="muted">
              {t(adding === 'forward_kit' ? 'tadpole.deliveries.kitNone' : 'tadpole.deliveries.addNone')}
            </p>
          ) : null}
          <ul className="tp-pick-groups">
            {candidates.map((g) => (
              <li key={g.id}>
                <label className="tp-check">
                  <input
                    type="checkbox"
                    checked={chosen.has(g.id)}
                    onChange={(e) =>
                      setChosen((s) => {
                        const n = new Set(s);
                        if (e.target.checked) n.add(g.id);
                        else n.delete(g.id);
                        return n;
                      })
                    }
                  />
                  <span>
                    {g.name}
                    <small>
                      {' '}
                      {t(`tadpole.deliveries.channel.${g.channel}`)} ·{' '}
                      {t('tadpole.deliveries.members', { count: g.memberCount })}
                    </small>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <div className="tp-buttons">
            <button type="button" className="tp-big" onClick={() => setAdding(null)}>
              {t('tadpole.deliveries.close')}
            </button>
            <button
              type="button"
              className="tp-big primary tp-grow"
              disabled={chosen.size === 0 || busy !== null}
              onClick={() => {
                const ids = [...chosen];
                setAdding(null);
                setChosen(new Set());
                act('add', () => tadpoleApi.addGroups(a.id, ids));
              }}
            >
              {t('tadpole.deliveries.addSubmit', { count: chosen.size })}
            </button>
          </div>
        </div>
      ) : null}

      {kitFor ? (
        <ForwardKitDialog delivery={kitFor} onClose={() => setKitFor(null)} onAcknowledged={onChanged} />
      ) : null}
    </div>
  );
}

/**
 * A published alert that reached nobody: no registered group lies in its area. Says so, with the radius, when the
 * widening pass will grow it, and the two ways to reach people now (add a group, or a liaison's forward kit).
 */
function NoGroupsInRange({
  alert,
  now,
  onAdd,
  onKit,
}: {
  alert: Alert;
  now: number;
  onAdd: () => void;
  onKit: (() => void) | null;
}) {
  const { t } = useTranslation();
  const km = (m: number) => (m / 1000).toFixed(1);
  return (
    <div className="tp-no-groups" role="status" data-testid="no-groups">
      <strong>{t('tadpole.deliveries.noGroupsTitle')}</strong>
      <p>
        {t('tadpole.deliveries.noGroupsRadius', {
          km: km(alert.sentRadiusM ?? alert.radiusM),
          place: t(`tadpole.form.placeLabel.${alert.kind}`),
        })}
      </p>
      <p data-testid="no-groups-widen">
        {alert.nextWiden
          ? t('tadpole.deliveries.noGroupsWiden', {
              time: shortTime(alert.nextWiden.at, now),
              km: km(alert.nextWiden.radiusM),
            })
          : t('tadpole.deliveries.noGroupsMax', { km: km(alert.maxRadiusM) })}
      </p>
      <p className="tp-hint">{t('tadpole.deliveries.noGroupsHint')}</p>
      <div className="tp-buttons">
        <button type="button" className="tp-big primary tp-grow" onClick={onAdd} data-testid="no-groups-add">
          {t('tadpole.deliveries.addGroup')}
        </button>
        {onKit ? (
          <button type="button" className="tp-big tp-grow" onClick={onKit} data-testid="no-groups-kit">
            {t('tadpole.deliveries.useKit')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
