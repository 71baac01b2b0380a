// Name lookup in the contract records, shared by every relay (IPC in the Electron main process,
// the preload, the browser-mode HTTP bridge, the host process). Relays are generic: they never list
// commands by hand, they ask the records, so a name exists in exactly one place (shared/contract).
import { commands, queries, pushEvents, type CommandError, type Result } from '../../../shared/contract';

export type RequestKind = 'command' | 'query';

const records: Record<RequestKind, object> = { command: commands, query: queries };

/** True when `name` is a command (or query) of the contract. Own keys only: `__proto__` etc. are not names. */
export function isContractName(kind: RequestKind, name: unknown): name is string {
  return typeof name === 'string' && Object.hasOwn(records[kind], name);
}

export function isPushName(name: unknown): name is string {
  return typeof name === 'string' && Object.hasOwn(pushEvents, name);
}

export function pushNames(): string[] {
  return Object.keys(pushEvents);
}

/** The Result every relay gives for a name the contract does not have. */
export function unknownNameResult(kind: RequestKind, name: unknown): Result<never> {
  const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : `a ${typeof name}`;
  return failure({ code: 'not_found', field: 'name', message: `There is no ${kind} named ${shown} in the terminal contract.` });
}

/** The Result for a core that cannot answer (restarting, crashed, not started). */
export function unavailableResult(reason: string): Result<never> {
  return failure({ code: 'unavailable', message: `The terminal core is unavailable: ${reason}` });
}

export function failure(error: CommandError): Result<never> {
  return { ok: false, error };
}
