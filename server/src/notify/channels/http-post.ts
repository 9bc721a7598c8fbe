/** One JSON POST with a deadline; a network failure or timeout comes back as `{ status: null, error }`. */
export interface PostAnswer {
  status: number | null;
  body: Record<string, unknown> | null;
  retryAfterMs?: number;
  error?: string;
}

export async function postJson(
  url: string,
  payload: unknown,
  options: { timeoutMs: number; headers?: Record<string, string> },
): Promise<PostAnswer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      body = null;
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      status: res.status,
      body,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message);
    return { status: null, body: null, error: `network: ${why}` };
  }
}

/** The vendor's own code in a JSON answer: WeCom/DingTalk `errcode`, Feishu `code` (or legacy `StatusCode`). */
export function vendorCodeOf(body: Record<string, unknown> | null): number | null {
  if (!body) return null;
  for (const k of ['errcode', 'code', 'StatusCode']) {
    const v = body[k];
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  }
  return null;
}

export function vendorMessageOf(body: Record<string, unknown> | null): string {
  const v = body?.errmsg ?? body?.msg ?? body?.StatusMessage;
  return typeof v === 'string' ? v.slice(0, 300) : '';
}
