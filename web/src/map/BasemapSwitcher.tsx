import type { BasemapChoice } from '@lookout/contracts';
import { useTranslation } from 'react-i18next';

/** The basemaps of the station, one button each (街道 / 影像 / 地形 …); shown when there are two or more. */
export function BasemapSwitcher({
  choices,
  current,
  busy,
  onChoose,
}: {
  choices: BasemapChoice[];
  current: string | null;
  busy: boolean;
  onChoose: (c: BasemapChoice) => void;
}) {
  const { t } = useTranslation();
  if (choices.length < 2) return null;
  return (
    <div className="tool basemap-switcher" role="group" aria-label={t('map.basemaps')} data-testid="basemap-switcher">
      {choices.map((c) => (
        <button
          key={c.id}
          type="button"
          aria-pressed={c.id === current}
          className={c.id === current ? 'active' : undefined}
          disabled={busy}
          data-basemap={c.id}
          title={c.source.datum === 'wgs84' ? undefined : c.source.datum.toUpperCase()}
          onClick={() => onChoose(c)}
        >
          {c.name || t(`map.basemapKind.${c.kind}`)}
        </button>
      ))}
    </div>
  );
}
