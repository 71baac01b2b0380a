// Spawns the terminal host as a plain Node child process (child_process.fork), the counterpart of
// the shell's utilityProcess spawn: for browser mode when the core should run off the launcher's
// event loop, and for tests that kill a real host. The config travels in the environment.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostChild } from './host-supervisor';
import { HOST_CONFIG_ENV } from './protocol';
import type { TerminalConfig } from './terminal-config';

/** The TypeScript entry (run through tsx); the packaged app uses dist/electron/host.cjs instead. */
export const HOST_ENTRY_TS = join(dirname(fileURLToPath(import.meta.url)), 'host-process.ts');

export interface NodeHostOptions {
  modulePath?: string;
  /** Node flags for the child; the default loads tsx so the TS entry runs as is. */
  execArgv?: string[];
  onSpawn?: (pid: number | undefined) => void;
}

export function forkNodeHost(config: TerminalConfig, opts: NodeHostOptions = {}): HostChild & { pid: number | undefined } {
  const child = fork(opts.modulePath ?? HOST_ENTRY_TS, [], {
    env: { ...process.env, [HOST_CONFIG_ENV]: JSON.stringify(config) },
    execArgv: opts.execArgv ?? ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  opts.onSpawn?.(child.pid);
  // A send on a channel that just closed emits 'error'; the exit handler answers the request.
  child.on('error', () => {});
  return {
    pid: child.pid,
    send: (msg) => {
      if (child.connected) child.send(msg);
    },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.on('exit', (code, signal) => l(code ?? (signal ? 128 : null))),
    kill: () => {
      child.kill('SIGTERM');
    },
  };
}
