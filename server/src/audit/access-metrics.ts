import { Counter, type Registry } from 'prom-client';

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

/** Counters of the case work (access and audit), get-or-create so two apps may share one registry. */
export function accessCounters(registry: Registry) {
  return {
    lockedAttempts: counter(
      registry,
      'lookout_login_locked_attempts_total',
      'Login attempts refused unchecked, per scope: user_addr (a name held back from an address), addr (daily cap)',
      ['scope'],
    ),
    lockouts: counter(
      registry,
      'lookout_login_lockouts_total',
      'Delays (user_addr) and daily caps (addr) started by failed logins',
      ['scope'],
    ),
    denied: counter(registry, 'lookout_access_denied_total', 'Requests refused by the permission table', ['route']),
    auditFailures: counter(
      registry,
      'lookout_audit_write_failures_total',
      'Audit entries that could not be written',
      [],
    ),
  };
}
