// The terminal core's configuration (the `core` section of the terminal config), with defaults so
// an empty section is a working setup. Other areas keep their own sections and schemas.
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

export const CoreConfig = z.object({
  session: z
    .object({
      /** Minutes without a command before the screen locks. The crew and timers stay. */
      idle_lock_minutes: z.number().positive().default(15),
      /** Wrong PINs in a row before a lockout, and how long the lockout lasts. */
      lockout_failures: z.number().int().min(1).default(5),
      lockout_minutes: z.number().positive().default(15),
      /** How often the core checks for idleness (ms); 0 disables the timer (tests call checkIdle). */
      idle_check_ms: z.number().int().min(0).default(5000),
    })
    .prefault({}),
  timers: z
    .object({
      /** An entry open longer than this is closed by the ghost-timer sweep, at the limit. */
      ghost_timer_hours: z.number().positive().default(12),
      /** Shift end, plant local time; an entry still open past it is closed at it. Null: no shift end. */
      shift_end: hhmm.nullable().default(null),
      /** IANA zone of shift_end; null: the tenant's timezone from the pulled tenants row, else UTC. */
      shift_timezone: z
        .string()
        .refine((tz) => {
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'must be an IANA time zone such as Europe/Amsterdam')
        .nullable()
        .default(null),
      /** Ceiling for a span measured across a restart, where only wall time is left. */
      max_across_boot_hours: z.number().positive().default(24),
    })
    .prefault({}),
  downtime: z
    .object({
      /** Supervisors may split or edit a stop that ended at most this long ago. */
      edit_window_hours: z.number().positive().default(72),
      /** Stops shorter than this are flagged micro-stops (never prompted for a reason). */
      micro_stop_seconds: z.number().min(0).default(120),
    })
    .prefault({}),
  issues: z
    .object({
      photo_max_bytes: z.number().int().positive().default(5 * 1024 * 1024),
      photo_mime_types: z.array(z.string()).default(['image/jpeg', 'image/png', 'image/webp']),
    })
    .prefault({}),
  queue: z
    .object({
      /** A due date closer than this is shown as "due soon". */
      due_soon_hours: z.number().positive().default(48),
    })
    .prefault({}),
});
export type CoreConfig = z.infer<typeof CoreConfig>;

/** Parses the `core` section; throws with the field and the reason when it is wrong. */
export function parseCoreConfig(raw: unknown = {}): CoreConfig {
  const r = CoreConfig.safeParse(raw ?? {});
  if (!r.success) {
    throw new Error(`core config: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}
