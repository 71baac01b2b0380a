// Commands, queries and push events of the machine integration (counts, auto downtime, OEE).
export const machineCommands = {} as const;
export const machineQueries = {} as const;
export const machinePush = {} as const;
