// Spawns the terminal host (core + sync + machine API) in an Electron utilityProcess, off the
// main thread: a busy core (argon2 hashing, a big pull page) never stalls window management, and
// a crashing core does not take the window down. The config travels in the environment, not the
// command line, because the command line of every process is readable by every local user.
import type { UtilityProcess } from 'electron';
import type { HostChild } from '../core/host/host-supervisor';
import { HOST_CONFIG_ENV } from '../core/host/protocol';
import type { TerminalConfig } from '../core/host/terminal-config';

export type ForkUtility = (modulePath: string, args: string[], options: { env: NodeJS.ProcessEnv; serviceName: string; stdio: 'inherit' }) => UtilityProcess;

export function spawnUtilityHost(fork: ForkUtility, modulePath: string, config: TerminalConfig): HostChild {
  const child = fork(modulePath, [], {
    env: { ...process.env, [HOST_CONFIG_ENV]: JSON.stringify(config) },
    serviceName: 'Shop-floor terminal core',
    stdio: 'inherit',
  });
  return {
    send: (msg) => child.postMessage(msg),
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.on('exit', (code) => l(code)),
    kill: () => {
      child.kill();
    },
  };
}
