// Messages between a front end (the Electron main process, or any parent) and the host process
// that runs the terminal. Both directions are checked on arrival: a process boundary is a trust
// boundary, and a malformed message must become an error reply, never a crash or a hang.
import type { Result } from '../../../shared/contract';
import type { RequestKind } from './contract-names';

/** The environment variable that carries the terminal config (JSON) from the parent to the host. */
export const HOST_CONFIG_ENV = 'SHOPFLOOR_HOST_CONFIG';

export interface HostRequest {
  type: 'request';
  id: number;
  kind: RequestKind;
  name: string;
  input: unknown;
}

export type HostMessage =
  | { type: 'ready' }
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'push'; name: string; payload: unknown }
  /** The host could not start (bad config, database too new, …); the parent shows why. */
  | { type: 'fatal'; message: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseHostRequest(msg: unknown): HostRequest | null {
  if (!isRecord(msg) || msg.type !== 'request') return null;
  if (typeof msg.id !== 'number' || !Number.isSafeInteger(msg.id)) return null;
  if (msg.kind !== 'command' && msg.kind !== 'query') return null;
  if (typeof msg.name !== 'string') return null;
  return { type: 'request', id: msg.id, kind: msg.kind, name: msg.name, input: msg.input };
}

export function parseHostMessage(msg: unknown): HostMessage | null {
  if (!isRecord(msg)) return null;
  switch (msg.type) {
    case 'ready':
      return { type: 'ready' };
    case 'response':
      if (typeof msg.id !== 'number' || !isRecord(msg.result) || typeof msg.result.ok !== 'boolean') return null;
      return { type: 'response', id: msg.id, result: msg.result as Result<unknown> };
    case 'push':
      if (typeof msg.name !== 'string') return null;
      return { type: 'push', name: msg.name, payload: msg.payload };
    case 'fatal':
      return { type: 'fatal', message: typeof msg.message === 'string' ? msg.message : 'unknown error' };
    default:
      return null;
  }
}
