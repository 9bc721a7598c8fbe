import { useTranslation } from 'react-i18next';
import { openVideo } from './video-store.ts';
import './video-i18n.ts';

/** ▶ 视频 on a drone's row of a case: opens the map page's video panel, snapshots going to this case. */
export function VideoButton({ droneId, caseId }: { droneId: string; caseId: string | null }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      title={t('video.openTitle')}
      onClick={() => openVideo(droneId, caseId)}
      data-testid={`video-open-${droneId}`}
    >
      ▶ {t('video.open')}
    </button>
  );
}
