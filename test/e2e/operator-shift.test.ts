// An operator's whole shift in real Chromium against browser mode with a test central (the demo
// plant): log in on the on-screen keyboard and PIN pad, start (with the Laser cell's required
// material lot), pause with a reason, resume, report quantities with scrap, report an issue with a
// photo (a file input), complete — each step checked on screen, in the terminal's outbox, and at
// the end in the central's tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkScreen, enterPin, tap, text, typeOsk } from './support/kiosk';
import { PEOPLE, startStack, type Stack } from './support/stack';
import { closeJourney, openKiosk } from './support/journey';
import { formatDuration } from '../../renderer/src/components/format';

// A 1x1 PNG, the "photo" attached through the file input.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let stack: Stack;
let browser: Browser;
let page: Page;
let op: { operation_id: string; operation_name: string };
const outboxTypes = () => stack.outboxTypes();

beforeAll(async () => {
  stack = await startStack();
  op = await stack.firstOperation('Laser', 'ready');
  ({ browser, page } = await openKiosk(stack.url));
});

afterAll(async () => {
  await closeJourney(browser, stack);
});

describe('operator shift', () => {
  it('logs in with the on-screen keyboard and the PIN pad', async () => {
    await page.goto(stack.url);
    await page.getByTestId('screen-login').waitFor();
    await checkScreen(page, 'operator-shift', 'login');
    await typeOsk(page, 'login-employee', PEOPLE.anna.id);
    expect(await page.getByTestId('login-employee').inputValue()).toBe(PEOPLE.anna.id);
    await enterPin(page, PEOPLE.anna.pin);
    await page.getByTestId('screen-queue').waitFor();
    expect(await text(page, 'status-operator')).toBe(PEOPLE.anna.name);
    expect(await text(page, 'status-terminal')).toBeTruthy();
    await page.getByTestId(`queue-row-${op.operation_id}`).waitFor();
    // The queue row carries the part's material and booked vs estimated time (issue 3.3).
    const row = page.getByTestId(`queue-row-${op.operation_id}`);
    const planned = stack.mode.runtime.db.prepare('SELECT p.material, o.estimated_time FROM operations o JOIN parts p ON p.id = o.part_id WHERE o.id = ?').get(op.operation_id) as { material: string | null; estimated_time: number | null };
    expect(planned.material).toBeTruthy();
    expect(planned.estimated_time).toBeGreaterThan(0);
    expect(await row.getByTestId('queue-row-material').textContent()).toBe(planned.material);
    expect(await row.getByTestId('queue-row-time').textContent()).toBe(`0:00 / ${formatDuration(planned.estimated_time! * 3600)}`);
    // The cell's OEE site (the demo plant's Hall A) sets the target shown beside live OEE.
    await expect.poll(() => text(page, 'oee-total')).toMatch(/\/ target 85%$/);
    await checkScreen(page, 'operator-shift', 'queue');
    expect(outboxTypes()).toContain('session.opened');
  });

  it('starts, pauses with a reason and resumes', async () => {
    await page.getByTestId(`queue-row-${op.operation_id}`).click();
    await page.getByTestId('screen-operation').waitFor();
    // the documents panel: the part's drawing and program and the routing's resources, pulled
    // from the central into the local store (db/demo/plant.ts gives every operation a resource)
    const db = stack.mode.runtime.db;
    const part = db.prepare('SELECT p.drawing_no, p.cnc_program_name FROM operations o JOIN parts p ON p.id = o.part_id WHERE o.id = ?').get(op.operation_id) as { drawing_no: string; cnc_program_name: string };
    const resources = (db.prepare('SELECT r.name FROM operation_resources x JOIN resources r ON r.id = x.resource_id WHERE x.operation_id = ?').all(op.operation_id) as { name: string }[]).map((r) => r.name);
    expect(part.drawing_no).toMatch(/^DRW-/);
    expect(resources.length).toBeGreaterThan(0);
    await expect.poll(() => text(page, 'op-drawing')).toBe(part.drawing_no);
    const panel = await text(page, 'op-documents');
    expect(panel).toContain(part.cnc_program_name);
    for (const name of resources) expect(panel).toContain(name);
    await checkScreen(page, 'operator-shift', 'operation');
    await tap(page, 'action-start');
    // the Laser cell asks for the material lot at start: required, so Start waits for it
    await page.getByTestId('dialog-start').waitFor();
    await tap(page, 'start-submit');
    expect(await page.getByTestId('dialog-start').textContent()).toContain('Required.');
    expect(outboxTypes()).not.toContain('operation.started');
    await typeOsk(page, 'cf-material_lot', 'LOT-42');
    await checkScreen(page, 'operator-shift', 'start-dialog');
    await tap(page, 'start-submit');
    await page.getByTestId('action-pause').waitFor();
    expect(stack.events('operation.started')[0]).toMatchObject({ operation_id: op.operation_id, custom_fields: { material_lot: 'LOT-42' } });
    expect(await text(page, 'toast')).toBe('Started');
    expect(await text(page, 'op-status')).toBe('In progress');
    await page.getByTestId('status-timer').waitFor();

    await tap(page, 'action-pause');
    await page.getByTestId('dialog-pause').waitFor();
    await checkScreen(page, 'operator-shift', 'pause-dialog');
    await tap(page, 'pause-material');
    await tap(page, 'pause-submit');
    await page.getByTestId('action-resume').waitFor();
    expect(await text(page, 'toast')).toBe('Paused');

    await tap(page, 'action-resume');
    await page.getByTestId('action-pause').waitFor();
    const types = outboxTypes();
    expect(types.slice(-3)).toEqual(['operation.started', 'operation.paused', 'operation.resumed']);
    // the tile is recorded as its stable code, not the label of the screen's language
    expect(stack.events('operation.paused')[0]).toMatchObject({ reason_code: 'material', reason: 'material' });
  });

  it('reports quantities with scrap: validation as typed, then the commit', async () => {
    await tap(page, 'action-quantities');
    await page.getByTestId('dialog-report').waitFor();
    await typeOsk(page, 'qty-good', '8');
    await typeOsk(page, 'qty-scrap', '2');
    // scrap without a reason is refused on the spot, in words, and the button stays disabled
    expect(await page.getByTestId('dialog-report').textContent()).toContain('Choose a scrap reason.');
    expect(await page.getByTestId('report-submit').isDisabled()).toBe(true);
    await checkScreen(page, 'operator-shift', 'quantities-dialog');
    await tap(page, 'scrap-reason-DIM');
    expect(await page.getByTestId('scrap-qty-0').inputValue()).toBe('2');
    expect(await text(page, 'qty-produced')).toBe('10');
    await tap(page, 'report-submit');
    await page.getByTestId('dialog-report').waitFor({ state: 'detached' });
    await expect.poll(() => text(page, 'op-gsr')).toBe('8 / 2 / 0');
    const q = stack.events('quantity.reported')[0] as { quantities: { scrap_reasons: { reason_id: string }[] } };
    expect(q.quantities).toMatchObject({ good: 8, scrap: 2, rework: 0, produced: 10, scrap_reasons: [{ quantity: 2 }] });
    const { rows } = await stack.central.pool.query<{ code: string }>('SELECT code FROM scrap_reasons WHERE id = $1', [q.quantities.scrap_reasons[0]!.reason_id]);
    expect(rows[0]?.code).toBe('DIM');
  });

  it('reports an issue with a photo', async () => {
    await tap(page, 'action-issue');
    await page.getByTestId('dialog-issue').waitFor();
    await tap(page, 'issue-submit');
    // nothing chosen yet: the reasons show next to the fields, nothing was recorded
    expect(await page.getByTestId('dialog-issue').textContent()).toContain('Choose a severity.');
    expect(outboxTypes()).not.toContain('issue.reported');
    await tap(page, 'issue-sev-high');
    await page.getByTestId('issue-description').fill('Burr on the cut edge');
    await page.getByTestId('issue-file').setInputFiles({ name: 'edge.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('issue-photo').waitFor();
    await checkScreen(page, 'operator-shift', 'issue-dialog');
    await tap(page, 'issue-submit');
    await page.getByTestId('dialog-issue').waitFor({ state: 'detached' });
    await page.getByTestId('issue-row').waitFor();
    const issue = stack.events('issue.reported')[0] as { photos: unknown[] };
    expect(issue).toMatchObject({ severity: 'high', description: 'Burr on the cut edge' });
    expect(issue.photos).toHaveLength(1);
    expect(issue.photos[0]).toMatchObject({ file_name: 'edge.png', mime_type: 'image/png', size_bytes: PNG.length });
  });

  it('completes the operation', async () => {
    await tap(page, 'action-complete');
    await page.getByTestId('dialog-complete').waitFor();
    await tap(page, 'complete-submit');
    await expect.poll(() => text(page, 'op-status')).toBe('Completed');
    expect(await page.getByTestId('action-start').count()).toBe(0);
    expect(outboxTypes().at(-1)).toBe('operation.completed');
    await checkScreen(page, 'operator-shift', 'operation-completed');
  });

  it('the whole shift reached the central, once each, and the badge drains to zero', async () => {
    const deviceId = (stack.mode.runtime.db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string }).value;
    const want = ['session.opened', 'operation.started', 'operation.paused', 'operation.resumed', 'quantity.reported', 'issue.reported', 'operation.completed'];
    await expect
      .poll(async () => (await stack.central.pool.query<{ type: string }>("SELECT type FROM sync_events WHERE terminal_id = $1 AND status = 'applied' ORDER BY device_seq", [deviceId])).rows.map((r) => r.type), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(want));
    const { rows } = await stack.central.pool.query<{ status: string }>('SELECT status FROM operations WHERE id = $1', [op.operation_id]);
    expect(rows[0]?.status).toBe('completed');
    await expect.poll(() => text(page, 'sync-pending'), { timeout: 30_000 }).toBe('0');
  });
});
