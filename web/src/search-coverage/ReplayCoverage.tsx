import { useEffect } from 'react';
import i18n from '../i18n.ts';
import { getMap } from '../map/core/map-instance.ts';
import { setSourceData } from '../map/layer-util.ts';
import type { Player } from '../replay/replay-player.ts';
import { coverageApi } from './coverage-api.ts';
import { coverageMapFeatures } from './coverage-features.ts';
import { addCoverageLayers, removeCoverageLayers } from './coverage-map-layers.ts';
import { atIso, Settle } from './settle.ts';
import './coverage-i18n.ts';

/** Quiet time after the slider stops before asking, and the longest wait while the replay plays. */
const QUIET_MS = 400;
const MAX_WAIT_MS = 3000;

/** What the e2e test reads: the time the coverage on the map stands at, and how many covered features it has. */
export interface ReplayCoverageHook {
  at: string | null;
  covered: number;
  gaps: number;
}

declare global {
  interface Window {
    __replayCoverage?: ReplayCoverageHook;
  }
}

/**
 * The replay's coverage: as it stood at the slider's time, fetched when the slider settles (and every few
 * seconds while playing), drawn under the replay's tracks. Renders nothing.
 */
export function ReplayCoverage({ caseId, player, from }: { caseId: string; player: Player; from: string }) {
  useEffect(() => {
    const map = getMap()!;
    const ids = addCoverageLayers(map, 'replay-coverage');
    const hook: ReplayCoverageHook = { at: null, covered: 0, gaps: 0 };
    window.__replayCoverage = hook;
    let asked = 0;
    const settle = new Settle<string>(
      (at) => {
        const n = ++asked;
        coverageApi
          .get(caseId, at)
          .then((res) => {
            if (n !== asked) return; // a later time was asked meanwhile
            const features = coverageMapFeatures(res, null, i18n.t('coverage.gap'));
            setSourceData(map, ids.source, features);
            hook.at = res.at;
            hook.covered = res.features.filter((f) => f.properties.kind === 'covered').length;
            hook.gaps = res.features.length - hook.covered;
          })
          .catch(() => {
            // The replay stays usable without coverage (an older server, a case with none); the next settle retries.
          });
      },
      QUIET_MS,
      MAX_WAIT_MS,
    );
    const off = player.onFrame((t) => settle.push(atIso(from, t)));
    return () => {
      off();
      settle.cancel();
      asked++;
      removeCoverageLayers(map, ids);
      if (window.__replayCoverage === hook) delete window.__replayCoverage;
    };
  }, [caseId, player, from]);

  return null;
}
