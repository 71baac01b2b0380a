// Runs one command through the typed API and turns its Result into what the screen shows:
// confirmation (only after ok, i.e. after the core's commit) or the error next to the form. The
// affected query areas are re-read at once rather than waiting for the 'data.changed' push.
import type { CommandError, CommandName, Commands, InputOf, OutputOf, Result } from '../../../shared/contract';
import { terminalApi } from '../api/terminal-api';
import { refreshAreas } from '../stores/query-store';
import { useToast } from '../stores/toast-store';

export async function runCommand<N extends CommandName>(
  name: N,
  input: InputOf<Commands[N]>,
  opts: { confirm?: string; areas?: readonly string[]; onError?: (e: CommandError) => void } = {},
): Promise<Result<OutputOf<Commands[N]>>> {
  const r = await terminalApi().command(name, input);
  if (r.ok) {
    if (opts.confirm) useToast.getState().show(opts.confirm);
    refreshAreas(opts.areas ?? ['*']);
  } else {
    opts.onError?.(r.error);
  }
  return r;
}
