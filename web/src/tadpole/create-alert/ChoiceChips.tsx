import type { ReactNode } from 'react';

/** One-of-several big buttons (a radio group that a thumb can hit). `dataKey` names the test attribute. */
export function ChoiceChips<T extends string>({
  label,
  options,
  value,
  onChange,
  dataKey,
  className = 'tp-chips',
  render,
}: {
  label: string;
  options: readonly T[];
  value: T | '' | null | undefined;
  onChange: (v: T) => void;
  dataKey: string;
  className?: string;
  render: (v: T) => ReactNode;
}) {
  return (
    <div className={className} role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button
          key={o}
          type="button"
          role="radio"
          aria-checked={value === o}
          className={value === o ? 'on' : ''}
          onClick={() => onChange(o)}
          {...{ [`data-${dataKey}`]: o }}
        >
          {render(o)}
        </button>
      ))}
    </div>
  );
}
