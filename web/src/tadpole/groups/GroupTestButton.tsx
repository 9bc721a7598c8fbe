import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import type { Group, GroupTestResponse } from '@lookout/contracts';
import { groupsApi } from './groups-api.ts';

type TestState =
  { s: 'idle' } | { s: 'sending' } | { s: 'done'; result: GroupTestResponse } | { s: 'refused'; message: string };

/** Sends a test message through the group's real channel and says what the vendor answered. */
export function GroupTestButton({ group, onTested }: { group: Group; onTested: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<TestState>({ s: 'idle' });
  const run = async () => {
    setState({ s: 'sending' });
    try {
      setState({ s: 'done', result: await groupsApi.test(group.id) });
      onTested();
    } catch (err) {
      const message =
        err instanceof ApiError && err.status === 429
          ? t('tadpole.groups.test.tooSoon')
          : err instanceof Error
            ? err.message
            : String(err);
      setState({ s: 'refused', message });
    }
  };
  return (
    <div className="gp-test">
      <button
        type="button"
        className="tp-mid"
        disabled={state.s === 'sending'}
        data-testid="group-test"
        onClick={() => void run()}
      >
        {state.s === 'sending' ? t('tadpole.groups.test.sending') : t('tadpole.groups.test.button')}
      </button>
      <span className="gp-test-result" role="status" data-testid="group-test-result">
        {state.s === 'sending' ? t('tadpole.groups.test.sending') : null}
        {state.s === 'done' && state.result.ok ? <span className="gp-ok">{t('tadpole.groups.test.ok')}</span> : null}
        {state.s === 'done' && !state.result.ok ? (
          <span className="gp-bad">
            {t('tadpole.groups.test.failed', {
              code: state.result.vendorCode ?? state.result.httpStatus ?? '-',
              message: state.result.error ?? '',
            })}
          </span>
        ) : null}
        {state.s === 'refused' ? <span className="gp-bad">{state.message}</span> : null}
      </span>
    </div>
  );
}
