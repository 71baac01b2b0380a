// The one seam every front end talks to: a running terminal (core + sync + machine API), seen as
// generic command/query/push over the contract. The Electron IPC relay, the browser bridge and the
// host process all speak to this interface, whether the terminal runs in-process or in a child.
import type { Result } from '../../../shared/contract';
import type { RequestKind } from './contract-names';

export type PushListener = (name: string, payload: unknown) => void;

export interface TerminalBackend {
  request(kind: RequestKind, name: string, input: unknown): Promise<Result<unknown>>;
  /** Every push event of the contract, by name. Returns an unsubscribe function. */
  onPush(listener: PushListener): () => void;
  close(): Promise<void>;
}
