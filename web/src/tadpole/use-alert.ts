import { useCallback, useEffect, useRef, useState } from 'react';
import { onCaseEvent } from '../cases/case-feed.ts';
import { tadpoleApi } from './tadpole-api.ts';
import type { AlertDetail, Delivery, Group } from './tadpole-types.ts';

export interface AlertData {
  detail: AlertDetail | null;
  deliveries: Delivery[];
  /** Why the per-group list could not be read (the summary in `detail` still shows). */
  deliveriesError: string | null;
  groups: Group[];
  error: string | null;
  loadedAt: number | null;
  reload: () => void;
}

/** Faster while anything is on its way, so the liaison watches the groups fill in. */
const BUSY_POLL_MS = 3000;
const IDLE_POLL_MS = 15_000;

/**
 * One alert, kept fresh: loaded at once, reloaded (debounced) on every live case event of its case — tips,
 * marks, reunion steps — and polled as a safety net (deliveries change in the delivery module's own rows, which
 * ring no doorbell of their own).
 */
export function useAlert(alertId: string): AlertData {
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [deliveriesError, setDeliveriesError] = useState<string | null>(null);
  const [groups, setGroups] = useState<Group[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const caseId = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const busy = useRef(false);

  const load = useCallback(async () => {
    try {
      const [d, list] = await Promise.all([
        tadpoleApi.detail(alertId),
        tadpoleApi.deliveries(alertId).then(
          (r) => ({ ok: true as const, rows: r.deliveries }),
          (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
        ),
      ]);
      caseId.current = d.alert.caseId;
      setDetail(d);
      if (list.ok) {
        setDeliveries(list.rows);
        setDeliveriesError(null);
      } else setDeliveriesError(list.message);
      const rows = list.ok ? list.rows : [];
      busy.current =
        // Forward-kit deliveries wait as `queued` for a person, not for the worker: they do not count.
        rows.some((r) => r.channel !== 'forward_kit' && (r.status === 'queued' || r.status === 'sending')) ||
        (!list.ok && (d.deliveries.byStatus.sending ?? 0) > 0);
      setError(null);
      setLoadedAt(Date.now());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [alertId]);

  const reload = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), 200);
  }, [load]);

  useEffect(() => {
    let stopped = false;
    let poll: ReturnType<typeof setTimeout> | null = null;
    const loop = async () => {
      await load();
      if (!stopped) poll = setTimeout(() => void loop(), busy.current ? BUSY_POLL_MS : IDLE_POLL_MS);
    };
    void loop();
    tadpoleApi.groups().then(
      (r) => !stopped && setGroups(r.groups),
      () => undefined, // without the groups' areas the map shows the broadcast area only
    );
    const off = onCaseEvent((e) => {
      if (e.kind === 'case_event' && e.caseId === caseId.current) reload();
    });
    return () => {
      stopped = true;
      off();
      if (poll) clearTimeout(poll);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load, reload]);

  return { detail, deliveries, deliveriesError, groups, error, loadedAt, reload };
}
