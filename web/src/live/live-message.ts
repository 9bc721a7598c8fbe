import { serverMessage, type ServerMessage } from '@lookout/contracts';

export type ParsedMessage = { ok: true; message: ServerMessage } | { ok: false; problem: string };

/** One live-socket frame checked against the contract; what is not JSON or does not match comes back as a problem. */
export function parseServerMessage(text: string): ParsedMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = serverMessage.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  return { ok: false, problem: `${where}: ${issue?.message ?? 'invalid'}`.slice(0, 300) };
}
