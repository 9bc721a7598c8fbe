import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentStatus } from '../cases/case-types.ts';
import { useConnection } from '../components/TopBar.tsx';
import type { DownloadState } from './use-area-download.ts';
import { useOutboxSize } from './use-own-position.ts';

export type StatusButton = Exclude<AssignmentStatus, 'dispatched'>;
const STATUS_BUTTONS: StatusButton[] = ['en_route', 'on_scene', 'found', 'stood_down'];

/** The bottom sheet: what waits to be sent, the connection, compass and download chips, status and share buttons. */
export function OfficerSheet({
  ref,
  status,
  hasAssignment,
  hasTarget,
  compass,
  download,
  onStatus,
  onShare,
}: {
  ref: Ref<HTMLElement>;
  status: AssignmentStatus | null;
  hasAssignment: boolean;
  hasTarget: boolean;
  compass: { heading: number | null; denied: boolean };
  download: DownloadState;
  onStatus: (s: StatusButton) => void;
  onShare: () => void;
}) {
  const { t } = useTranslation();
  const queued = useOutboxSize();
  const conn = useConnection();
  return (
    <section className="officer-sheet" ref={ref}>
      <div className="officer-info">
        <span
          className={`officer-queue${queued > 0 ? ' waiting' : ''}`}
          data-testid="officer-queue"
          data-count={queued}
        >
          {queued > 0 ? t('officer.queued', { count: queued }) : t('officer.allSent')}
        </span>
        <span className={`officer-conn conn-${conn.state}`} data-testid="officer-conn" data-conn={conn.state}>
          {conn.text}
          {conn.state === 'offline' ? `，${t('officer.offlineSaved')}` : ''}
        </span>
        {compass.denied ? (
          <span className="officer-chip" data-testid="compass-denied">
            {t('officer.compassDenied')}
          </span>
        ) : compass.heading !== null ? (
          <span className="officer-chip" data-testid="compass-on">
            {t('officer.compassOn')}
          </span>
        ) : null}
        {download ? (
          <span className="officer-chip" data-testid="download-state">
            {download.error
              ? t('officer.downloadFailed', { message: download.error })
              : download.p && download.p.done < download.p.total
                ? t('officer.downloading', { done: download.p.done, total: download.p.total })
                : t('officer.downloaded', { done: download.p?.done ?? 0 })}
          </span>
        ) : null}
      </div>
      <div className="officer-status-buttons">
        {STATUS_BUTTONS.map((s) => (
          <button
            key={s}
            type="button"
            className={`officer-status s-${s}${status === s ? ' current' : ''}`}
            disabled={!hasAssignment}
            aria-pressed={status === s}
            onClick={() => onStatus(s)}
            data-status={s}
          >
            {t(`officer.status.${s}`)}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="officer-share"
        disabled={!hasTarget}
        onClick={onShare}
        data-testid="share-target"
      >
        {t('officer.share')}
      </button>
    </section>
  );
}
