/**
 * Calls `fn` with the latest value once values stop coming for `quietMs` (a slider let go), and at least every
 * `maxWaitMs` while they keep coming (the replay playing), never with the value it was last called with.
 */
export class Settle<T> {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #firstPending: number | null = null;
  #pending: { v: T } | null = null;
  #last: { v: T } | null = null;

  constructor(
    private readonly fn: (v: T) => void,
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  push(v: T): void {
    if (this.#last && this.#last.v === v && !this.#pending) return;
    this.#pending = { v };
    const now = this.now();
    this.#firstPending ??= now;
    if (this.#timer) clearTimeout(this.#timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.#firstPending + this.maxWaitMs - now));
    this.#timer = setTimeout(() => this.#fire(), wait);
  }

  #fire(): void {
    this.#timer = null;
    this.#firstPending = null;
    const p = this.#pending;
    this.#pending = null;
    if (!p || (this.#last && this.#last.v === p.v)) return;
    this.#last = p;
    this.fn(p.v);
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
    this.#firstPending = null;
  }
}

/** The ISO time `offsetMs` after `fromIso`, to the whole second (a slider's steps are seconds). */
export function atIso(fromIso: string, offsetMs: number): string {
  return new Date(Math.round((Date.parse(fromIso) + offsetMs) / 1000) * 1000).toISOString();
}
