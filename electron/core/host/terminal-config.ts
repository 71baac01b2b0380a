// The terminal's run configuration: where its data lives, which central it syncs with, how the
// window and the local servers are set up. Read from a JSON file (SHOPFLOOR_CONFIG, or
// <dataDir>/config.json) and environment variables, env winning, so a kiosk image ships one file
// and a developer overrides one value. Every key is documented in resources/config.sample.json.
// The `core`, `sync` and `machine` sections belong to those modules; they are passed through here
// and validated by their owners' schemas, so no setting is defined twice.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Locale } from '../../../shared/domain/enums';

const port = z.number().int().min(0).max(65_535);
const section = z.record(z.string(), z.unknown()).default({});

export const WindowMode = z.enum(['kiosk', 'fullscreen', 'windowed']);
export type WindowMode = z.infer<typeof WindowMode>;

export const TerminalConfig = z.object({
  /** Where the local SQLite store (terminal.db) and logs live. */
  dataDir: z.string().min(1).default('.data/terminal'),
  /** postgres://… (direct, on-site) or https://… (Supabase). Null: offline-only until set. */
  centralUrl: z
    .string()
    .refine((u) => /^(postgres(ql)?|https?):\/\//.test(u), 'must start with postgres://, postgresql://, https:// or http://')
    .nullable()
    .default(null),
  /** The Supabase project's publishable (anon) key; only for https:// centrals. Never a service-role key. */
  supabaseKey: z.string().nullable().default(null),
  /** One-time enrollment code from `npm run admin -- enroll-code`; used once if the terminal is not enrolled yet. */
  enrollmentCode: z.string().nullable().default(null),
  /** The name the terminal enrolls under. */
  terminalName: z.string().min(1).default('Terminal'),
  /** Language shown before an operator logs in (each operator session can switch). */
  locale: Locale.default('en'),
  window: z
    .object({
      /** kiosk: locked fullscreen; fullscreen: fullscreen with a normal window under it; windowed: developer mode. */
      mode: WindowMode.default('kiosk'),
      width: z.number().int().min(640).default(1280),
      height: z.number().int().min(480).default(800),
    })
    .prefault({}),
  /** Browser mode's local HTTP bridge. Loopback unless you really mean to expose it. */
  bridge: z.object({ host: z.string().min(1).default('127.0.0.1'), port: port.default(5180) }).prefault({}),
  core: section,
  sync: section,
  machine: section,
});
export type TerminalConfig = z.infer<typeof TerminalConfig>;

/** Environment variables, each mapped to one config path. */
export const ENV_KEYS = {
  SHOPFLOOR_DATA_DIR: ['dataDir'],
  SHOPFLOOR_CENTRAL_URL: ['centralUrl'],
  SHOPFLOOR_SUPABASE_KEY: ['supabaseKey'],
  SHOPFLOOR_ENROLLMENT_CODE: ['enrollmentCode'],
  SHOPFLOOR_TERMINAL_NAME: ['terminalName'],
  SHOPFLOOR_LOCALE: ['locale'],
  SHOPFLOOR_WINDOW_MODE: ['window', 'mode'],
  SHOPFLOOR_BRIDGE_HOST: ['bridge', 'host'],
  SHOPFLOOR_BRIDGE_PORT: ['bridge', 'port'],
  SHOPFLOOR_MACHINE_HOST: ['machine', 'host'],
  SHOPFLOOR_MACHINE_PORT: ['machine', 'port'],
} as const satisfies Record<string, readonly string[]>;

const NUMERIC = new Set<string>(['SHOPFLOOR_BRIDGE_PORT', 'SHOPFLOOR_MACHINE_PORT']);

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    at = (typeof next === 'object' && next !== null ? next : (at[key] = {})) as Json;
  }
  at[path[path.length - 1]!] = value;
}

/** Reads the JSON config file, if any. A file that exists but is not a JSON object is an error, not ignored. */
export function readConfigFile(file: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`config file ${file}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${file}: must contain a JSON object`);
  }
  return parsed as Json;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Values that win over file and env (launchers use this for demo mode). */
  overrides?: Json;
  /**
   * The data directory when neither env nor file names one (also where config.json is looked
   * for). The packaged app passes its per-user data path: a kiosk's working directory may be `/`.
   */
  defaultDataDir?: string;
}

/**
 * File, then env, then overrides; then validated. Errors name the key and the reason.
 * `_comment` keys (used by the documented sample) are ignored.
 */
export function loadTerminalConfig(opts: LoadConfigOptions = {}): TerminalConfig {
  const env = opts.env ?? process.env;
  const explicitFile = env.SHOPFLOOR_CONFIG;
  const dataDir = env.SHOPFLOOR_DATA_DIR ?? opts.defaultDataDir ?? '.data/terminal';
  const file = explicitFile ?? resolve(dataDir, 'config.json');
  if (explicitFile && !existsSync(explicitFile)) throw new ConfigError(`SHOPFLOOR_CONFIG: file ${explicitFile} does not exist`);
  const raw: Json = existsSync(file) ? stripComments(readConfigFile(file)) : {};
  if (opts.defaultDataDir && raw.dataDir === undefined) raw.dataDir = opts.defaultDataDir;
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (NUMERIC.has(name)) {
      const n = Number(value);
      if (!Number.isInteger(n)) throw new ConfigError(`${name}: "${value}" is not a whole number`);
      setPath(raw, path, n);
    } else {
      setPath(raw, path, value);
    }
  }
  for (const [k, v] of Object.entries(opts.overrides ?? {})) raw[k] = v;
  return parseTerminalConfig(raw);
}

export function parseTerminalConfig(raw: unknown): TerminalConfig {
  const parsed = TerminalConfig.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new ConfigError(`config ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data;
}

function stripComments(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('_')) continue;
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) ? stripComments(v as Json) : v;
  }
  return out;
}
