// Commands, queries and push events of sync (status badge, dead letters, enrollment).
export const syncCommands = {} as const;
export const syncQueries = {} as const;
export const syncPush = {} as const;
