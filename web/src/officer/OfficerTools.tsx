import type { Dispatch, ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowEvent, FollowState } from './follow-me.ts';
import './way-back-i18n.ts';

/** One round button at the map's side: its label is spoken (aria-label) and shown on hover (title). */
function ToolButton({
  label,
  testId,
  onClick,
  pressed,
  children,
}: {
  label: string;
  testId: string;
  onClick: () => void;
  pressed?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`officer-tool${pressed ? ' on' : ''}`}
      aria-pressed={pressed}
      aria-label={label}
      title={label}
      data-testid={testId}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** The buttons at the map's side: follow-me, back to me, compass permission, 原路返回, offline map download. */
export function OfficerTools({
  ref,
  follow,
  dispatchFollow,
  compassNeedsTap,
  enableCompass,
  onDownload,
  wayBack,
}: {
  ref: Ref<HTMLDivElement>;
  follow: FollowState;
  dispatchFollow: Dispatch<FollowEvent>;
  compassNeedsTap: boolean;
  enableCompass: () => void;
  /** Absent when there is nothing to cache: the sketch basemap and no terrain. */
  onDownload: (() => void) | null;
  /** 原路返回: offered once the phone has recorded a track. */
  wayBack: { on: boolean; available: boolean; toggle: () => void };
}) {
  const { t } = useTranslation();
  const following = follow.mode === 'following';
  return (
    <div className="officer-side" ref={ref}>
      <ToolButton
        label={following ? t('officer.followOn') : t('officer.followOff')}
        testId="follow-toggle"
        pressed={following}
        onClick={() => dispatchFollow({ type: 'toggle', at: Date.now() })}
      >
        {t('officer.tool.follow')}
      </ToolButton>
      {follow.mode === 'free' ? (
        <ToolButton
          label={t('officer.recenter')}
          testId="recenter"
          onClick={() => dispatchFollow({ type: 'recenter' })}
        >
          ◎ {t('officer.tool.me')}
        </ToolButton>
      ) : null}
      {compassNeedsTap ? (
        <ToolButton label={t('officer.compass')} testId="compass-enable" onClick={enableCompass}>
          {t('officer.tool.compass')}
        </ToolButton>
      ) : null}
      {wayBack.available || wayBack.on ? (
        <ToolButton
          label={wayBack.on ? t('officer.wayBack.off') : t('officer.wayBack.on')}
          testId="way-back-toggle"
          pressed={wayBack.on}
          onClick={wayBack.toggle}
        >
          ↩ {t('officer.wayBack.tool')}
        </ToolButton>
      ) : null}
      {onDownload ? (
        <ToolButton label={t('officer.download')} testId="download-area" onClick={onDownload}>
          ⬇ {t('officer.tool.download')}
        </ToolButton>
      ) : null}
    </div>
  );
}
