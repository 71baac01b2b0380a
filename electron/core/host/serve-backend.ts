// Answers the parent's requests from a running terminal and forwards its push events. Every
// request gets exactly one response, even a malformed one (it cannot be answered by id, so it is
// dropped with a log line) or one whose handler throws (an 'internal' Result).
import type { TerminalBackend } from './backend';
import { failure, isContractName, unknownNameResult } from './contract-names';
import type { ParentPort } from './parent-port';
import { parseHostRequest } from './protocol';

export function serveBackend(backend: TerminalBackend, port: ParentPort, log: (line: string) => void = console.error): () => void {
  const unsubscribe = backend.onPush((name, payload) => port.post({ type: 'push', name, payload }));
  port.onMessage((raw) => {
    const req = parseHostRequest(raw);
    if (!req) {
      log('terminal host: ignored a malformed request from the parent');
      return;
    }
    if (!isContractName(req.kind, req.name)) {
      port.post({ type: 'response', id: req.id, result: unknownNameResult(req.kind, req.name) });
      return;
    }
    backend.request(req.kind, req.name, req.input).then(
      (result) => port.post({ type: 'response', id: req.id, result }),
      (err: unknown) =>
        port.post({
          type: 'response',
          id: req.id,
          result: failure({ code: 'internal', message: `The terminal failed to handle ${req.name}: ${(err as Error).message ?? String(err)}` }),
        }),
    );
  });
  return unsubscribe;
}
