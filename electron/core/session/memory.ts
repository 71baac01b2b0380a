// The in-memory half of a session: which crew member is active and whether the screen is locked.
// Deliberately not persisted: after a restart the crew (crew_sessions) and their timers remain,
// but someone must enter a PIN before the terminal acts for anyone.
export interface SessionMemory {
  activeProfileId: string | null;
  locked: boolean;
  /** Monotonic reading of the last command, for the idle lock. */
  lastActivityMono: number;
}

export function newSessionMemory(nowMono: number): SessionMemory {
  return { activeProfileId: null, locked: true, lastActivityMono: nowMono };
}
