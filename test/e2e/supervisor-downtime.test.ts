// Downtime in real Chromium against browser mode with a test central: an operator stops the machine with one tap and
// ends the stop without a reason; a supervisor, switched in by PIN on the crew panel, finds it
// among the unexplained stops, categorises it from the reason tiles, and splits it in two with a
// second reason. The core's clock is a manual clock so the stop can last ten minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { manualClock, type ManualClock } from '../../electron/core/clock';
import { checkScreen, openQueueRow, tap, text, typeOsk } from './support/kiosk';
import { PEOPLE, startStack, type Stack } from './support/stack';
import { closeJourney, openKiosk } from './support/journey';
import { setTerminalCells } from '../../db/central/cli/admin-ops';

let stack: Stack;
let clock: ManualClock;
let browser: Browser;
let page: Page;

const events = (type: string) => stack.events(type);

async function reasonId(code: string): Promise<string> {
  const { rows } = await stack.central.pool.query<{ id: string }>('SELECT id FROM oee_downtime_reasons WHERE code = $1', [code]);
  return rows[0]!.id;
}

beforeAll(async () => {
  clock = manualClock(Date.now());
  stack = await startStack({ clock });
  ({ browser, page } = await openKiosk(stack.url, PEOPLE.anna));
});

afterAll(async () => {
  await closeJourney(browser, stack);
});

describe('supervisor downtime flow', () => {
  it('an operator starts a stop with one tap and ends it unexplained', async () => {
    expect(await page.getByTestId('nav-stops').count()).toBe(0); // operators have no review screen
    await tap(page, 'nav-downtime');
    await page.getByTestId('downtime-start').waitFor();
    await checkScreen(page, 'downtime', 'downtime-idle');
    await tap(page, 'downtime-resource-TruLaser 3030'); // the stop is on one machine, not the whole cell
    await tap(page, 'downtime-start');
    await page.getByTestId('downtime-open').waitFor();
    expect(await text(page, 'downtime-reason')).toBe('Unexplained stop');
    await page.getByTestId('reason-picker').waitFor();
    await checkScreen(page, 'downtime', 'downtime-running');
    clock.advance(10 * 60_000);
    await tap(page, 'downtime-end');
    await page.getByTestId('downtime-start').waitFor();
    expect(events('downtime.started')).toHaveLength(1);
    const { rows } = await stack.central.pool.query<{ id: string }>("SELECT id FROM resources WHERE name = 'TruLaser 3030'");
    expect(events('downtime.started')[0]).toMatchObject({ resource_id: rows[0]!.id, source: 'operator' });
    expect(events('downtime.ended')[0]).toMatchObject({ duration_s: 600 });
  });

  it('a supervisor switches in by PIN and categorises the unexplained stop', async () => {
    await tap(page, 'nav-crew');
    await tap(page, 'crew-add');
    await page.getByTestId('dialog-crew-login').waitFor();
    await page.getByTestId('dialog-crew-login').getByTestId('login-employee').fill(PEOPLE.marieke.id);
    for (const d of PEOPLE.marieke.pin) await page.getByTestId('dialog-crew-login').getByTestId(`pin-${d}`).click();
    await tap(page, 'pin-submit');
    await expect.poll(() => text(page, 'status-operator')).toBe(PEOPLE.marieke.name);
    await page.getByTestId(`crew-${PEOPLE.anna.id}`).waitFor();
    await checkScreen(page, 'downtime', 'crew');

    await tap(page, 'nav-stops');
    const stopId = (events('downtime.started')[0] as { downtime_id: string }).downtime_id;
    await page.getByTestId(`stop-${stopId}`).waitFor();
    await checkScreen(page, 'downtime', 'stops-unexplained');
    await tap(page, 'stop-categorise');
    await page.getByTestId('dialog-categorise').waitFor();
    await tap(page, 'group-Breakdown');
    await checkScreen(page, 'downtime', 'reason-tree');
    await tap(page, 'reason-BRK-MECH');
    await page.getByTestId('dialog-categorise').waitFor({ state: 'detached' });
    await page.getByTestId('stops-empty').waitFor(); // no unexplained stop left
    expect(events('downtime.categorised')[0]).toMatchObject({ downtime_id: stopId, reason_id: await reasonId('BRK-MECH') });
  });

  it('splits the stop: the validation names the limit, then the later part gets its own reason', async () => {
    await tap(page, 'stops-filter'); // show all stops
    const stopId = (events('downtime.started')[0] as { downtime_id: string }).downtime_id;
    await page.getByTestId(`stop-${stopId}`).waitFor();
    expect(await page.getByTestId(`stop-${stopId}`).textContent()).toContain('Mechanical failure');
    await page.getByTestId(`stop-${stopId}`).getByTestId('stop-split').click();
    await page.getByTestId('dialog-split').waitFor();
    await typeOsk(page, 'split-minutes', '12');
    expect(await page.getByTestId('dialog-split').textContent()).toContain('The split point must be before the end (10:00).');
    expect(await page.getByTestId('split-submit').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await typeOsk(page, 'split-minutes', '4');
    await page.getByRole('button', { name: 'Done' }).click();
    await tap(page, 'group-Setup / changeover');
    await tap(page, 'reason-SETUP-CHG');
    // A split is a correction: it is saved only with a why, which goes into the event.
    expect(await page.getByTestId('split-submit').isDisabled()).toBe(true);
    await typeOsk(page, 'split-why', 'tool change');
    await page.getByRole('button', { name: 'Done' }).click();
    await checkScreen(page, 'downtime', 'split-dialog');
    await tap(page, 'split-submit');
    await page.getByTestId('dialog-split').waitFor({ state: 'detached' });
    const split = events('downtime.split')[0];
    expect(split).toMatchObject({ downtime_id: stopId, at_offset_s: 240, reason_id: await reasonId('SETUP-CHG'), why: 'tool change' });
    await page.getByTestId(`stop-${split!.new_downtime_id as string}`).waitFor();
    expect(await page.getByTestId(`stop-${split!.new_downtime_id as string}`).textContent()).toContain('Changeover');
    await checkScreen(page, 'downtime', 'stops-after-split');
  });

  it('the stop, its reason and the split reach the central', async () => {
    const stopId = (events('downtime.started')[0] as { downtime_id: string }).downtime_id;
    const newId = (events('downtime.split')[0] as { new_downtime_id: string }).new_downtime_id;
    await expect
      .poll(async () => (await stack.central.pool.query<{ id: string; reason_id: string | null }>('SELECT id, reason_id FROM oee_machine_events WHERE id = ANY($1) ORDER BY started_at', [[stopId, newId]])).rows, { timeout: 30_000 })
      .toEqual([
        { id: stopId, reason_id: await reasonId('BRK-MECH') },
        { id: newId, reason_id: await reasonId('SETUP-CHG') },
      ]);
  });

  it('a supervisor corrects a given reason only with a why, which goes into the event', async () => {
    const newId = (events('downtime.split')[0] as { new_downtime_id: string }).new_downtime_id;
    // Still on the Stops screen showing every stop, where the split left it.
    await page.getByTestId(`stop-${newId}`).getByTestId('stop-categorise').click();
    await page.getByTestId('dialog-categorise').waitFor();
    await tap(page, 'group-Breakdown');
    await tap(page, 'reason-BRK-MECH');
    expect(await page.getByTestId('categorise-submit').isDisabled()).toBe(true); // picked, but no why yet
    expect(events('downtime.categorised')).toHaveLength(1);
    await typeOsk(page, 'categorise-why', 'it was a jam');
    await page.getByRole('button', { name: 'Done' }).click();
    await checkScreen(page, 'downtime', 'categorise-correction');
    await tap(page, 'categorise-submit');
    await page.getByTestId('dialog-categorise').waitFor({ state: 'detached' });
    expect(events('downtime.categorised').at(-1)).toMatchObject({ downtime_id: newId, reason_id: await reasonId('BRK-MECH'), why: 'it was a jam' });
    await expect.poll(async () => page.getByTestId(`stop-${newId}`).textContent()).toContain('Mechanical failure');
  });

  it('out of routing order, a supervisor approves the start at this terminal with their PIN', async () => {
    const op = await stack.firstOperation('Press brake', 'upcoming');
    await tap(page, 'nav-cells');
    await tap(page, 'cell-Press brake');
    await page.getByTestId('screen-queue').waitFor();
    await openQueueRow(page, op.operation_id);
    await tap(page, 'action-start');
    await tap(page, 'cf-tool_set-V12 / 88°');
    await tap(page, 'start-submit');
    await page.getByTestId('dialog-override').waitFor();
    await checkScreen(page, 'downtime', 'sequence-override');
    const dialog = page.getByTestId('dialog-override');
    await dialog.locator('input').nth(0).fill(PEOPLE.marieke.id);
    await dialog.locator('input').nth(1).fill('Rush order, laser part on the bench');
    for (const d of PEOPLE.marieke.pin) await dialog.getByTestId(`pin-${d}`).click();
    await tap(page, 'pin-submit');
    await page.getByTestId('action-pause').waitFor();
    const started = stack.events('operation.started').at(-1) as { operation_id: string; sequence_override?: { reason: string }; custom_fields?: Record<string, unknown> };
    expect(started).toMatchObject({ operation_id: op.operation_id, sequence_override: { reason: 'Rush order, laser part on the bench' }, custom_fields: { tool_set: 'V12 / 88°' } });
  });

  it('past the enforced WIP limit, a supervisor approves the start in the same form, then the switch pauses the current work', async () => {
    // the central enforces Laser's WIP limit at what is in process now; the pull brings it here
    const laser = (await stack.mode.runtime.request('query', 'queue.list', { limit: 1 })) as { ok: true; value: { cells: { cell_id: string; cell_name: string; sections: { in_process: { count: number } } }[] } };
    const cell = laser.value.cells.find((c) => c.cell_name === 'Laser')!;
    const wip = cell.sections.in_process.count;
    await stack.central.pool.query('UPDATE cells SET wip_limit = $1, enforce_wip_limit = true WHERE id = $2', [wip, cell.cell_id]);
    const local = stack.mode.runtime.db.prepare('SELECT wip_limit, enforce_wip_limit FROM cells WHERE id = ?');
    await expect.poll(() => local.get(cell.cell_id), { timeout: 30_000 }).toEqual({ wip_limit: wip, enforce_wip_limit: 1 });
    const pausedBefore = events('operation.paused').length;
    const op = await stack.firstOperation('Laser', 'ready');
    await tap(page, 'nav-cells');
    await tap(page, 'cell-Laser');
    await page.getByTestId('screen-queue').waitFor();
    await openQueueRow(page, op.operation_id);
    await tap(page, 'action-start');
    await typeOsk(page, 'cf-material_lot', 'W9');
    await tap(page, 'start-submit');
    // the same supervisor form as for the routing order, saying which cell and limit
    const form = page.getByTestId('override-wip_override');
    await form.waitFor();
    expect(await form.textContent()).toContain(`Laser is at its WIP limit (${wip} of ${wip})`);
    await checkScreen(page, 'downtime', 'wip-override');
    await form.getByTestId('override-employee').fill(PEOPLE.marieke.id);
    await form.getByTestId('override-reason').fill('Customer line down');
    // a wrong supervisor PIN is refused in the form, which keeps what was typed
    for (const d of '0000') await form.getByTestId(`pin-${d}`).click();
    await tap(page, 'pin-submit');
    await form.getByTestId('override-error').waitFor();
    expect(await form.getByTestId('override-reason').inputValue()).toBe('Customer line down');
    for (const d of PEOPLE.marieke.pin) await form.getByTestId(`pin-${d}`).click();
    await tap(page, 'pin-submit');
    // the supervisor is still clocked onto the Press brake operation: the switch comes next
    await page.getByTestId('dialog-switch').waitFor();
    await tap(page, 'switch-confirm');
    await page.getByTestId('action-pause').waitFor();
    const started = events('operation.started').at(-1) as { operation_id: string; wip_override?: { reason: string }; custom_fields?: Record<string, unknown> };
    expect(started).toMatchObject({ operation_id: op.operation_id, wip_override: { reason: 'Customer line down' }, custom_fields: { material_lot: 'W9' } });
    expect(events('operation.paused')).toHaveLength(pausedBefore + 1);
  });

  it('timers left running overnight: the sweep stops them, the supervisor corrects one with a why and confirms the rest', async () => {
    const ask = async (name: string, input: object) => (await stack.ask('command', name, input)) as Record<string, string>;
    await ask('session.login', { employee_id: PEOPLE.anna.id, pin: PEOPLE.anna.pin });
    // Anna clocks onto work already in process (the WIP test left the cell at its limit).
    const op = await stack.firstOperation('Laser', 'in_process');
    const state = (await stack.ask('query', 'session.state', {})) as { crew: { profile_id: string; open_operation_id: string | null; open_time_entry_id: string | null }[]; active_profile_id: string };
    const anna = state.crew.find((c) => c.profile_id === state.active_profile_id)!;
    const time_entry_id =
      anna.open_operation_id === op.operation_id ? anna.open_time_entry_id! : (await ask('operation.start', { operation_id: op.operation_id, pause_current: true })).time_entry_id!;
    clock.advance(20 * 3_600_000); // nobody paused; the terminal's 12 h limit passes
    expect(stack.mode.runtime.core.sweepGhostTimers().closed.map((c) => c.time_entry_id)).toContain(time_entry_id);
    await ask('session.login', { employee_id: PEOPLE.marieke.id, pin: PEOPLE.marieke.pin }); // the supervisor, at the screen
    await expect.poll(() => text(page, 'status-operator')).toBe(PEOPLE.marieke.name);

    await tap(page, 'nav-stops');
    await tap(page, 'stops-timers');
    const row = page.getByTestId(`timer-${time_entry_id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('12:00:00'); // stopped at the limit, not at "now"
    await checkScreen(page, 'downtime', 'timers');
    await row.getByTestId('timer-correct').click();
    await page.getByTestId('dialog-timer-correct').waitFor();
    await typeOsk(page, 'timer-minutes', '900');
    expect(await page.getByTestId('dialog-timer-correct').textContent()).toContain('At most 720 minutes');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await typeOsk(page, 'timer-minutes', '510');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('timer-submit').isDisabled()).toBe(true); // no why yet
    await typeOsk(page, 'timer-why', 'left at half past two');
    await page.getByRole('button', { name: 'Done' }).click();
    await checkScreen(page, 'downtime', 'timer-correct');
    await tap(page, 'timer-submit');
    await page.getByTestId('dialog-timer-correct').waitFor({ state: 'detached' });
    expect(stack.events('time_entry.reviewed').at(-1)).toMatchObject({ time_entry_id, duration_s: 510 * 60, why: 'left at half past two' });
    // Any other timer the sweep stopped is confirmed as it stands.
    for (let n = await page.getByTestId('timer-confirm').count(); n > 0; n = await page.getByTestId('timer-confirm').count()) {
      await page.getByTestId('timer-confirm').first().click();
      await expect.poll(() => page.getByTestId('timer-confirm').count()).toBe(n - 1);
    }
    await page.getByTestId('timers-empty').waitFor();
    await expect
      .poll(async () => (await stack.central.pool.query('SELECT duration, needs_review FROM time_entries WHERE id = $1', [time_entry_id])).rows[0], { timeout: 30_000 })
      .toEqual({ duration: 510 * 60, needs_review: false });
  });

  it('moved to another cell centrally, the terminal shows that cell at its next sync', async () => {
    const deviceId = (stack.mode.runtime.db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string }).value;
    const client = await stack.central.pool.connect();
    try {
      await setTerminalCells(client, { id: deviceId, cells: 'Welding' });
    } finally {
      client.release();
    }
    const title = page.locator('#queue-title');
    await tap(page, 'nav-queue');
    await expect
      .poll(async () => (await stack.mode.runtime.request('command', 'sync.now', {}), await title.textContent()), { timeout: 30_000 })
      .toContain('Welding');
    const welding = await stack.firstOperation('Welding', 'ready');
    await page.getByTestId(`queue-row-${welding.operation_id}`).waitFor();
  });
});
