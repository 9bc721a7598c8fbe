/**
 * DJI Pilot 2's JSBridge as its reference documents it (Cloud-API-Doc,
 * docs/en/60.api-reference/10.pilot-to-cloud/30.jsbridge.md): every call returns a JSON string
 * `{code, message, data}` (code 0 = success); `platformLoadComponent(name, param)` takes the component's
 * parameters as a JSON string; callbacks are named by the name of a global function.
 */
export interface DjiBridge {
  platformVerifyLicense(appId: string, appKey: string, license: string): string;
  platformIsVerified(): string;
  platformSetWorkspaceId(uuid: string): string;
  platformSetInformation(platformName: string, workspaceName: string, desc: string): string;
  platformGetAircraftSN(): string;
  platformGetRemoteControllerSN(): string;
  platformLoadComponent(name: string, param: string): string;
  platformUnloadComponent(name: string): string;
  platformIsComponentLoaded(name: string): string;
  thingGetConnectState(): string;
  wsGetConnectState(): string;
}

export type ComponentName = 'thing' | 'api' | 'ws' | 'map';

export interface BridgeResult {
  code: number;
  message: string;
  data: unknown;
}

/** A JSBridge answer as an object; anything unreadable is a failure with the raw text as its message. */
export function parseBridgeResult(raw: unknown): BridgeResult {
  if (raw && typeof raw === 'object') return normalise(raw as Record<string, unknown>);
  if (typeof raw !== 'string') return { code: -1, message: String(raw), data: null };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') return normalise(parsed as Record<string, unknown>);
    return { code: 0, message: '', data: parsed };
  } catch {
    return { code: -1, message: raw, data: null };
  }
}

function normalise(o: Record<string, unknown>): BridgeResult {
  return {
    code: typeof o.code === 'number' ? o.code : Number(o.code ?? -1),
    message: typeof o.message === 'string' ? o.message : '',
    data: 'data' in o ? o.data : null,
  };
}

/** True when a JSBridge answer says yes: code 0 and data true (or `"true"`). */
export function isYes(raw: unknown): boolean {
  const r = parseBridgeResult(raw);
  return r.code === 0 && (r.data === true || r.data === 'true' || r.data === 1);
}

/**
 * What a connect callback was called with means "connected": DJI does not document the argument, so a boolean,
 * its string or number forms, or a `{code:0,data:true}` JSON answer are all read.
 */
export function isConnectedArg(arg: unknown): boolean {
  if (arg === true || arg === 1 || arg === 'true' || arg === '1') return true;
  if (typeof arg === 'string' && arg.charAt(0) === '{') return isYes(arg);
  if (arg && typeof arg === 'object') return isYes(arg);
  return false;
}

/** A serial from `platformGetAircraftSN()` / `platformGetRemoteControllerSN()`, if the answer carries one. */
export function serialOf(raw: unknown): string | undefined {
  const r = parseBridgeResult(raw);
  const sn = r.code === 0 && typeof r.data === 'string' ? r.data.trim() : '';
  return /^[A-Za-z0-9_-]{1,64}$/.test(sn) ? sn : undefined;
}
