import type { Dispatch, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowEvent, FollowState } from './follow-me.ts';

/** The buttons at the map's side: follow-me, back to me, compass permission, offline map download. */
export function OfficerTools({
  ref,
  follow,
  dispatchFollow,
  compassNeedsTap,
  enableCompass,
  onDownload,
}: {
  ref: Ref<HTMLDivElement>;
  follow: FollowState;
  dispatchFollow: Dispatch<FollowEvent>;
  compassNeedsTap: boolean;
  enableCompass: () => void;
  /** Absent when the base map cannot be cached (the fallback style). */
  onDownload: (() => void) | null;
}) {
  const { t } = useTranslation();
  const following = follow.mode === 'following';
  return (
    <div className="officer-side" ref={ref}>
      <button
        type="button"
        className={`officer-tool${following ? ' on' : ''}`}
        aria-pressed={following}
        aria-label={following ? t('officer.followOn') : t('officer.followOff')}
        title={following ? t('officer.followOn') : t('officer.followOff')}
        onClick={() => dispatchFollow({ type: 'toggle', at: Date.now() })}
        data-testid="follow-toggle"
      >
        {t('officer.tool.follow')}
      </button>
      {follow.mode === 'free' ? (
        <button
          type="button"
          className="officer-tool"
          aria-label={t('officer.recenter')}
          title={t('officer.recenter')}
          onClick={() => dispatchFollow({ type: 'recenter' })}
          data-testid="recenter"
        >
          ◎ {t('officer.tool.me')}
        </button>
      ) : null}
      {compassNeedsTap ? (
        <button
          type="button"
          className="officer-tool"
          aria-label={t('officer.compass')}
          title={t('officer.compass')}
          data-testid="compass-enable"
          onClick={enableCompass}
        >
          {t('officer.tool.compass')}
        </button>
      ) : null}
      {onDownload ? (
        <button
          type="button"
          className="officer-tool"
          aria-label={t('officer.download')}
          title={t('officer.download')}
          data-testid="download-area"
          onClick={onDownload}
        >
          ⬇ {t('officer.tool.download')}
        </button>
      ) : null}
    </div>
  );
}
