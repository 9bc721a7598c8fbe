import type { CoverageArea } from '@lookout/contracts';
import { useTranslation } from 'react-i18next';
import { bandColour, bandsInUse, percentText, sortAreas } from './coverage-format.ts';

/** Per ring and per sector: the share each band covered, all bands together, the thermal lens's share, and the POD. */
export function CoverageTable({ areas }: { areas: CoverageArea[] }) {
  const { t } = useTranslation();
  const bands = bandsInUse(areas);
  const thermal = areas.some((a) => a.thermal > 0);
  return (
    <table className="coverage-table" data-testid="coverage-table">
      <thead>
        <tr>
          <th>{t('coverage.area')}</th>
          {bands.map((b) => (
            <th key={b} title={t(`coverage.bandTitle.${b}`)}>
              <span className="coverage-swatch" style={{ background: bandColour(b) }} />
              {t(`coverage.band.${b}`)}
            </th>
          ))}
          <th>{t('coverage.covered')}</th>
          {thermal && <th title={t('coverage.thermalTitle')}>{t('coverage.thermal')}</th>}
          <th title={t('coverage.podTitle')}>{t('coverage.pod')}</th>
        </tr>
      </thead>
      <tbody>
        {sortAreas(areas).map((a) => (
          <tr key={`${a.kind}:${a.ref}`} data-testid="coverage-row" data-kind={a.kind} data-ref={a.ref}>
            <th scope="row">{a.kind === 'ring' ? t('coverage.ring', { percent: a.ref }) : a.label}</th>
            {bands.map((b) => (
              <td key={b}>{percentText(a.shares[b])}</td>
            ))}
            <td data-testid="coverage-share">
              <strong>{percentText(a.shares.covered)}</strong>
            </td>
            {thermal && <td data-testid="coverage-thermal">{percentText(a.thermal)}</td>}
            <td data-testid="coverage-pod">{percentText(a.pod)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
