// Starts terminal-child.ts (the machine API on a store file) as a child process, for the suites
// that SIGKILL the terminal mid-stream. The caller keeps the children to kill any left running.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function spawnTerminalChild(file: string, deviceId: string, cellId: string, children: ChildProcess[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/machine/child/terminal-child.ts', file, deviceId, cellId], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  // The child prints the API's URL once it listens; an early exit is a failed start.
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  return { child, url: line.trim() };
}

/** Kills every child still running (afterAll). */
export function killChildren(children: ChildProcess[]): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
}
