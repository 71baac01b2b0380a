// The count watcher's decisions, as pure functions of what it knows about one resource (issue 6.4):
// - OPEN an unexplained stop when a resource that has been counting (a count in this boot, after
//   its last stop began) is silent for k × its ideal cycle time, and no stop is open on it or on
//   its whole cell (a person already explained the silence).
// - CLOSE a machine-opened stop on the next count, unless a person gave it a reason whose rule is
//   'manual' (a setup is not cut short by one stray count). Unexplained stops follow 'next_count'.
// - A stop shorter than the micro-stop threshold is tagged micro_stop and never prompted.
// Times are monotonic milliseconds of one boot; readings of another boot never count as "counting".

export type CountCloses = 'next_count' | 'manual';

export interface WatchRules {
  /** Silence of k × ideal cycle time opens a stop. */
  k: number;
  /** Used when a resource has no ideal cycle time. */
  defaultIdealCycleS: number;
  microStopS: number;
}

export interface ResourceSilence {
  /** Monotonic ms of the last count in this boot; null if none this boot. */
  lastCountMono: number | null;
  idealCycleS: number | null;
  /** Monotonic ms at which the latest stop on this resource began in this boot, if any. */
  lastStopStartMono: number | null;
  /** A stop is open on the resource or on its whole cell. */
  stopOpen: boolean;
}

export function silenceThresholdMs(idealCycleS: number | null, rules: WatchRules): number {
  const ideal = idealCycleS && idealCycleS > 0 ? idealCycleS : rules.defaultIdealCycleS;
  return rules.k * ideal * 1000;
}

export function shouldOpenStop(r: ResourceSilence, nowMono: number, rules: WatchRules): boolean {
  if (r.stopOpen || r.lastCountMono === null) return false;
  // Silence already answered by a stop (opened by us and ended by a person) needs a new count first.
  // Strictly after: a stop that began at the very reading of the last count was opened for the
  // silence BEFORE that count (the watcher ticked while the count was in flight, and the count
  // then ended it), since a stop needs a silence of at least one cycle after a count. Treating the
  // tie as "answered" left the resource with no stop for the silence that followed.
  if (r.lastStopStartMono !== null && r.lastStopStartMono > r.lastCountMono) return false;
  return nowMono - r.lastCountMono >= silenceThresholdMs(r.idealCycleS, rules);
}

export interface OpenMachineStop {
  /** The reason chosen so far, with its closing rule; null when still unexplained. */
  reason: { count_closes: CountCloses } | null;
}

export function countCloses(stop: OpenMachineStop): boolean {
  return stop.reason === null || stop.reason.count_closes === 'next_count';
}

export function isMicroStop(durationS: number, rules: WatchRules): boolean {
  return durationS < rules.microStopS;
}

/** An open unexplained stop is shown to people only once it is too long to be a micro-stop. */
export function shouldPrompt(stop: { reasonId: string | null; openForS: number }, rules: WatchRules): boolean {
  return stop.reasonId === null && !isMicroStop(stop.openForS, rules);
}

/** The watcher's rules: k and the default cycle from the machine section; the micro-stop threshold
 *  from the core's downtime section, the one setting for operator and machine stops alike. */
export function stopWatcherRules(machine: { stop_k: number; default_ideal_cycle_s: number }, downtime: { micro_stop_seconds: number }): WatchRules {
  return { k: machine.stop_k, defaultIdealCycleS: machine.default_ideal_cycle_s, microStopS: downtime.micro_stop_seconds };
}
