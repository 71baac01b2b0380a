// Commands: every state change the renderer can ask of the core, merged from each area's part.
import { coreCommands } from './core-commands';
import { syncCommands } from './sync-api';
import { machineCommands } from './machine-api';

export const commands = { ...coreCommands, ...syncCommands, ...machineCommands } as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
