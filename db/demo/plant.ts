// The demo plant as plain rows, built from a seeded PRNG and fixed ids: a sheet-metal job shop with
// six cells (laser, press brake, welding, deburr, paint, assembly), ~40 jobs, ~200 parts and ~1,000
// routed operations. Dates are relative to the start of the given day (UTC) so some jobs are
// overdue and some due soon whenever the plant is seeded, while two seeds on one day are identical.
import { hashKey, keyPrefix } from '../../electron/core/security/secret-keys';
import { demoId, seededRng } from './prng';
import { DEMO_MACHINES, DEMO_PEOPLE } from './people';

export const DEMO_SEED = 20_241_122;
export const DEMO_TENANT_ID = demoId('tenant', 'demo');
export const DEMO_SITE_ID = demoId('site', 'hall-a');

type Row = Record<string, unknown>;

/** Rows per table, in an order that satisfies the foreign keys. */
export interface DemoPlantRows {
  tenants: Row[];
  oee_sites: Row[];
  profiles: Row[];
  cells: Row[];
  resources: Row[];
  jobs: Row[];
  parts: Row[];
  operations: Row[];
  operation_resources: Row[];
  api_keys: Row[];
  oee_downtime_groups: Row[];
  oee_downtime_reasons: Row[];
  scrap_reasons: Row[];
  issue_categories: Row[];
  oee_station_custom_fields: Row[];
  mqtt_publishers: Row[];
}

interface CellSpec {
  key: string;
  name: string;
  wip: number;
  color: string;
  icon: string;
  hours: number;
  op: string;
  /** Share of parts whose routing passes this cell. */
  share: number;
  /** Setup hours and run minutes per piece (ranges). */
  setup: [number, number];
  runMin: [number, number];
  resources: { key: string; name: string; type: string; cycle: number }[];
}

const CELLS: readonly CellSpec[] = [
  { key: 'laser', name: 'Laser', wip: 6, color: '#e4572e', icon: 'zap', hours: 16, op: 'Laser cut', share: 1, setup: [0.25, 0.5], runMin: [0.5, 3],
    resources: [{ key: 'laser-1', name: 'TruLaser 3030', type: 'equipment', cycle: 45 }, { key: 'laser-2', name: 'ByStar Fiber 3015', type: 'equipment', cycle: 50 }] },
  { key: 'press_brake', name: 'Press brake', wip: 5, color: '#29335c', icon: 'fold-vertical', hours: 16, op: 'Bend', share: 0.9, setup: [0.3, 0.75], runMin: [0.5, 2],
    resources: [{ key: 'brake-1', name: 'TruBend 5130', type: 'equipment', cycle: 28 }, { key: 'brake-2', name: 'Amada HG-1303', type: 'equipment', cycle: 32 }] },
  { key: 'welding', name: 'Welding', wip: 4, color: '#f3a712', icon: 'flame', hours: 16, op: 'Weld', share: 0.6, setup: [0.25, 0.5], runMin: [3, 12],
    resources: [{ key: 'weld-robot', name: 'Fronius robot cell', type: 'equipment', cycle: 120 }, { key: 'weld-tig', name: 'TIG station 2', type: 'equipment', cycle: 300 }] },
  { key: 'deburr', name: 'Deburr', wip: 8, color: '#669bbc', icon: 'sparkles', hours: 8, op: 'Deburr', share: 1, setup: [0.05, 0.15], runMin: [0.3, 1.5],
    resources: [{ key: 'deburr-1', name: 'Lissmac SBM-L', type: 'equipment', cycle: 20 }] },
  { key: 'paint', name: 'Paint', wip: 10, color: '#a8c686', icon: 'paint-bucket', hours: 16, op: 'Powder coat', share: 0.8, setup: [0.5, 1], runMin: [0.5, 2],
    resources: [{ key: 'paint-line', name: 'Powder coating line', type: 'equipment', cycle: 15 }] },
  { key: 'assembly', name: 'Assembly', wip: 6, color: '#8e6c8a', icon: 'wrench', hours: 8, op: 'Assemble', share: 0.7, setup: [0.1, 0.3], runMin: [2, 10],
    resources: [{ key: 'bench-1', name: 'Assembly bench 1', type: 'workstation', cycle: 180 }, { key: 'bench-2', name: 'Assembly bench 2', type: 'workstation', cycle: 180 }] },
];

const CUSTOMERS = ['Van Leeuwen Installaties', 'Nordic Kitchens AB', 'Rijnmond Agritech', 'Baltic Rail Parts', 'Hoogland Bouw', 'Alpen Solar GmbH', 'Delta Pumps', 'Kempen Interieur'];
const MATERIALS = ['S235JR 2 mm', 'S235JR 3 mm', 'S355 6 mm', 'AlMg3 2 mm', 'AISI 304 1.5 mm', 'DC01 1 mm'];
const SUPPLIERS = ['Tata Steel', 'Aperam', 'Novelis', 'Salzgitter'];
const PART_NAMES = ['Bracket', 'Cover plate', 'Side panel', 'Mounting frame', 'Base plate', 'Hinge plate', 'Cable tray', 'Door panel', 'Gusset', 'Housing'];

/** Kartorium-style reason tree: 8 top-level groups (the cap), each with coded reasons. */
const DOWNTIME_TREE: readonly { code: string; name: string; type: 'unplanned' | 'planned' | 'idle'; color: string; reasons: [string, string, 'next_count' | 'manual'][] }[] = [
  { code: 'BRK', name: 'Breakdown', type: 'unplanned', color: '#d62828', reasons: [['BRK-MECH', 'Mechanical failure', 'next_count'], ['BRK-ELEC', 'Electrical failure', 'next_count'], ['BRK-HYD', 'Hydraulics / pneumatics', 'next_count'], ['BRK-CNC', 'Control / program error', 'next_count']] },
  { code: 'MAT', name: 'Material', type: 'unplanned', color: '#f77f00', reasons: [['MAT-WAIT', 'Waiting for material', 'next_count'], ['MAT-WRONG', 'Wrong or damaged material', 'next_count'], ['MAT-GAS', 'Gas / consumables empty', 'next_count']] },
  { code: 'QUA', name: 'Quality', type: 'unplanned', color: '#fcbf49', reasons: [['QUA-FAI', 'First article inspection', 'manual'], ['QUA-HOLD', 'Quality hold', 'manual'], ['QUA-ADJ', 'Adjusting after defect', 'next_count']] },
  { code: 'TOOL', name: 'Tooling', type: 'unplanned', color: '#eae2b7', reasons: [['TOOL-BREAK', 'Tool breakage', 'next_count'], ['TOOL-NOZZLE', 'Nozzle / lens change', 'next_count'], ['TOOL-SEARCH', 'Searching for tooling', 'next_count']] },
  { code: 'SETUP', name: 'Setup / changeover', type: 'planned', color: '#003049', reasons: [['SETUP-CHG', 'Changeover', 'manual'], ['SETUP-PROG', 'Program load / teach', 'manual'], ['SETUP-FIRST', 'Trial pieces', 'manual']] },
  { code: 'PM', name: 'Planned maintenance', type: 'planned', color: '#277da1', reasons: [['PM-SCHED', 'Scheduled maintenance', 'manual'], ['PM-CLEAN', 'Cleaning', 'manual']] },
  { code: 'BREAK', name: 'Breaks and meetings', type: 'planned', color: '#43aa8b', reasons: [['BREAK-SHIFT', 'Shift break', 'manual'], ['BREAK-MEET', 'Team meeting', 'manual']] },
  { code: 'IDLE', name: 'No work / no operator', type: 'idle', color: '#90a4ae', reasons: [['IDLE-NOWORK', 'No work planned', 'next_count'], ['IDLE-NOOP', 'No operator available', 'next_count']] },
];

const SCRAP_REASONS: readonly [string, string][] = [
  ['DIM', 'Dimension out of tolerance'], ['SURF', 'Surface damage / scratches'], ['MAT', 'Material defect'], ['BEND', 'Wrong bend angle'],
  ['WELD', 'Weld defect'], ['PAINT', 'Coating defect'], ['SETUP', 'Setup / trial piece'], ['OTHER', 'Other'],
];

const ISSUE_CATEGORIES: readonly [string, string][] = [
  ['QUALITY', 'Quality'], ['SAFETY', 'Safety'], ['MACHINE', 'Machine'], ['MATERIAL', 'Material'], ['DRAWING', 'Drawing / documentation'], ['OTHER', 'Other'],
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function startOfUtcDay(now: Date): number {
  return Math.floor(now.getTime() / DAY_MS) * DAY_MS;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Builds every demo row except PIN hashes, which the seeder adds (argon2 salts are random). */
export function buildDemoPlant(now: Date = new Date()): DemoPlantRows {
  const rng = seededRng(DEMO_SEED);
  const day0 = startOfUtcDay(now);
  const at = (offsetMs: number) => new Date(day0 + offsetMs).toISOString();
  const t = DEMO_TENANT_ID;

  const rows: DemoPlantRows = {
    tenants: [{ id: t, name: 'Demo Plant', company_name: 'Acme Metalworks BV', plan: 'pro', status: 'active', demo_mode_enabled: true,
      timezone: 'Europe/Amsterdam', factory_opening_time: '06:00', factory_closing_time: '22:00', max_jobs: 1000, max_parts_per_month: 10_000 }],
    // One OEE site, Hall A, holding every cell: live OEE in the standard availability mode.
    oee_sites: [{ id: DEMO_SITE_ID, tenant_id: t, name: 'Hall A', availability_mode: 'standard', oee_target: 0.85 }],
    profiles: [], cells: [], resources: [], jobs: [], parts: [], operations: [], operation_resources: [], api_keys: [],
    oee_downtime_groups: [], oee_downtime_reasons: [], scrap_reasons: [], issue_categories: [], oee_station_custom_fields: [], mqtt_publishers: [],
  };

  for (const p of DEMO_PEOPLE) {
    rows.profiles.push({ id: demoId('profile', p.employeeId), tenant_id: t, full_name: p.fullName, username: p.fullName.toLowerCase().replaceAll(' ', '.'),
      role: p.role, employee_id: p.employeeId, email: p.email ?? null, has_email_login: Boolean(p.email), is_machine: false, active: true, onboarding_completed: true });
  }
  for (const m of DEMO_MACHINES) {
    rows.profiles.push({ id: demoId('profile', m.employeeId), tenant_id: t, full_name: m.fullName, username: m.employeeId.toLowerCase(),
      role: 'operator', employee_id: m.employeeId, email: null, has_email_login: false, is_machine: true, active: true, onboarding_completed: true });
  }

  const cellId = (key: string) => demoId('cell', key);
  const resourceIds = new Map<string, string[]>();
  CELLS.forEach((c, i) => {
    rows.cells.push({ id: cellId(c.key), tenant_id: t, name: c.name, description: `${c.name} cell`, sequence: i + 1, color: c.color, icon_name: c.icon,
      active: true, wip_limit: c.wip, wip_warning_threshold: c.wip - 1, enforce_wip_limit: false, show_capacity_warning: true, capacity_hours_per_day: c.hours,
      oee_site_id: DEMO_SITE_ID });
    const ids: string[] = [];
    for (const r of c.resources) {
      const id = demoId('resource', r.key);
      ids.push(id);
      rows.resources.push({ id, tenant_id: t, name: r.name, type: r.type, identifier: r.key.toUpperCase(), location: `Hall A / ${c.name}`,
        status: 'available', active: true, cell_id: cellId(c.key), ideal_cycle_time_s: r.cycle });
    }
    resourceIds.set(c.key, ids);
  });

  const JOBS = 40;
  for (let j = 1; j <= JOBS; j++) {
    const jobId = demoId('job', j);
    // Due dates spread from 6 days overdue to 4 weeks out, weighted towards the coming days.
    const dueDays = j <= 5 ? -rng.int(1, 6) : j <= 12 ? rng.int(0, 2) : rng.int(3, 28);
    const due = day0 + dueDays * DAY_MS + 14 * HOUR_MS;
    const parts = rng.int(3, 7);
    let jobStarted = false;
    let jobDone = true;
    const jobParts: Row[] = [];
    for (let p = 1; p <= parts; p++) {
      const partId = demoId('part', `${j}-${p}`);
      const qty = rng.pick([1, 2, 5, 10, 10, 20, 25, 50, 100]);
      const routing = CELLS.filter((c) => c.share >= 1 || rng.chance(c.share));
      // Overdue jobs are further along; far-out jobs mostly untouched.
      const maxDone = dueDays < 0 ? routing.length - 1 : dueDays <= 2 ? Math.ceil(routing.length / 2) : 1;
      const done = rng.int(0, Math.max(0, maxDone));
      if (done > 0) jobStarted = true;
      if (done < routing.length) jobDone = false;
      const name = rng.pick(PART_NAMES);
      const material = rng.pick(MATERIALS);
      const bullet = rng.chance(0.06) || (j <= 3 && p === 1);
      const partRow: Row = { id: partId, tenant_id: t, job_id: jobId, part_number: `P-${String(j * 100 + p).padStart(5, '0')}`, material, quantity: qty,
        status: done === 0 ? 'not_started' : done === routing.length ? 'completed' : 'in_progress',
        current_cell_id: done < routing.length ? cellId(routing[done]!.key) : null,
        drawing_no: `DRW-${String(j).padStart(3, '0')}-${p}`, cnc_program_name: `${name.replaceAll(' ', '_').toUpperCase()}_${j}_${p}.nc`,
        length_mm: rng.int(80, 2400), width_mm: rng.int(40, 1200), height_mm: rng.int(1, 300), weight_kg: round2(rng.next() * 40 + 0.2),
        material_supplier: rng.pick(SUPPLIERS), material_cert_number: `3.1-${rng.int(10_000, 99_999)}`, is_bullet_card: bullet,
        notes: bullet ? 'Bullet card: rush, run before everything else' : null };
      jobParts.push(partRow);
      routing.forEach((c, s) => {
        const opId = demoId('operation', `${j}-${p}-${s + 1}`);
        const setup = round2(c.setup[0] + rng.next() * (c.setup[1] - c.setup[0]));
        const run = round2((c.runMin[0] + rng.next() * (c.runMin[1] - c.runMin[0])) / 60);
        const completed = s < done;
        rows.operations.push({ id: opId, tenant_id: t, part_id: partId, cell_id: cellId(c.key), operation_name: `${c.op} ${name.toLowerCase()}`,
          sequence: s + 1, status: completed ? 'completed' : 'not_started', setup_time: setup, run_time_per_unit: run,
          estimated_time: round2(setup + run * qty), actual_time: completed ? round2((setup + run * qty) * (0.8 + rng.next() * 0.5)) : null,
          completed_at: completed ? at(-(done - s) * DAY_MS + 10 * HOUR_MS) : null, completion_percentage: completed ? 100 : 0,
          planned_start: at((dueDays - (routing.length - s)) * DAY_MS + 6 * HOUR_MS), planned_end: at((dueDays - (routing.length - s - 1)) * DAY_MS + 6 * HOUR_MS) });
        const res = resourceIds.get(c.key)!;
        rows.operation_resources.push({ id: demoId('operation_resource', `${j}-${p}-${s + 1}`), operation_id: opId, resource_id: rng.pick(res), quantity: 1 });
      });
    }
    // The job is where its least advanced unfinished part is (the cell that holds it up).
    const current = jobParts.map((p) => p.current_cell_id as string | null).filter((c): c is string => c !== null);
    const cellOrder = (id: string) => CELLS.findIndex((c) => cellId(c.key) === id);
    const jobCell = current.sort((a, b) => cellOrder(a) - cellOrder(b))[0] ?? null;
    rows.jobs.push({ id: jobId, tenant_id: t, job_number: `J-${String(2400 + j)}`, customer: rng.pick(CUSTOMERS),
      status: jobDone ? 'completed' : jobStarted ? 'in_progress' : 'not_started', due_date: new Date(due).toISOString(),
      current_cell_id: jobCell, notes: j <= 3 ? 'Customer escalated: expedite' : null });
    rows.parts.push(...jobParts);
  }

  for (const m of DEMO_MACHINES) {
    // The key itself never enters the database: only its lookup prefix and SHA-256.
    rows.api_keys.push({ id: demoId('api_key', m.employeeId), tenant_id: t, name: `${m.fullName} key`, key_prefix: keyPrefix(m.key), key_hash: hashKey(m.key), active: true,
      profile_id: demoId('profile', m.employeeId), created_by: demoId('profile', '9001') });
  }

  DOWNTIME_TREE.forEach((g, gi) => {
    const groupId = demoId('downtime_group', g.code);
    rows.oee_downtime_groups.push({ id: groupId, tenant_id: t, parent_group_id: null, type: g.type, code: g.code, name: g.name, color: g.color, active: true, sort: gi + 1 });
    g.reasons.forEach(([code, name, closes], ri) => {
      rows.oee_downtime_reasons.push({ id: demoId('downtime_reason', code), tenant_id: t, group_id: groupId, code, name, count_closes: closes, color: g.color, active: true, sort: ri + 1 });
    });
  });
  SCRAP_REASONS.forEach(([code, name], i) => rows.scrap_reasons.push({ id: demoId('scrap_reason', code), tenant_id: t, code, name, active: true, sort: i + 1 }));
  ISSUE_CATEGORIES.forEach(([code, name], i) => rows.issue_categories.push({ id: demoId('issue_category', code), tenant_id: t, code, name, active: true, sort: i + 1 }));

  const field = (cell: string, key: string, label: string, field_type: string, phase: string, required: boolean, extra: Row = {}) =>
    rows.oee_station_custom_fields.push({ id: demoId('custom_field', `${cell}:${key}`), tenant_id: t, cell_id: cellId(cell), key, label, field_type, phase,
      required, options: null, min: null, max: null, sort: rows.oee_station_custom_fields.length + 1, active: true, ...extra });
  field('laser', 'material_lot', 'Material lot', 'text', 'start', true);
  field('laser', 'sheet_count', 'Sheets used', 'number', 'complete', false, { min: 0, max: 500 });
  field('press_brake', 'tool_set', 'Tool set', 'select', 'start', true, { options: ['V12 / 88°', 'V16 / 88°', 'V24 / 30°', 'Gooseneck'] });
  field('welding', 'wire_batch', 'Wire batch', 'text', 'start', false);
  field('paint', 'coat_thickness_um', 'Coat thickness (µm)', 'number', 'complete', true, { min: 40, max: 150 });
  field('paint', 'ral_colour', 'RAL colour', 'select', 'start', true, { options: ['RAL 9005', 'RAL 9010', 'RAL 7016', 'RAL 5010'] });
  field('assembly', 'torque_checked', 'Torque checked', 'boolean', 'complete', true);

  rows.mqtt_publishers.push({ id: demoId('mqtt_publisher', 'demo'), tenant_id: t, name: 'Demo UNS publisher (inactive)', broker_url: 'mqtt://localhost',
    port: 1883, username: null, password: null, use_tls: false, topic_pattern: '{enterprise}/{site}/{area}/{cell}/{event}',
    events: ['operation.started', 'operation.completed', 'downtime.started', 'downtime.ended'], active: false,
    default_enterprise: 'acme', default_site: 'eindhoven', default_area: 'hall-a' });

  return rows;
}
