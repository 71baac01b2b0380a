// The demo plant's people and machine accounts with their demo credentials. These are published in
// db/demo/CREDENTIALS.md on purpose: they exist only in the demo plant. Machine keys are derived
// from a fixed label instead of drawn at random so the README can list them; real machine keys
// come from `npm run admin -- machine create`, which uses issueKey().
import { createHash } from 'node:crypto';
import type { AppRole } from '../../shared/domain/enums';

export interface DemoPerson {
  employeeId: string;
  fullName: string;
  role: AppRole;
  pin: string;
  email?: string;
}

export const DEMO_OPERATORS: readonly DemoPerson[] = [
  { employeeId: '1001', fullName: 'Anna de Vries', role: 'operator', pin: '1111' },
  { employeeId: '1002', fullName: 'Bram Jansen', role: 'operator', pin: '2222' },
  { employeeId: '1003', fullName: 'Carla Meijer', role: 'operator', pin: '3333' },
  { employeeId: '1004', fullName: 'Daan Bakker', role: 'operator', pin: '4444' },
  { employeeId: '1005', fullName: 'Eva Visser', role: 'operator', pin: '5555' },
  { employeeId: '1006', fullName: 'Finn Smit', role: 'operator', pin: '6666' },
  { employeeId: '1007', fullName: 'Greta Mulder', role: 'operator', pin: '7777' },
  { employeeId: '1008', fullName: 'Hugo de Boer', role: 'operator', pin: '8888' },
  { employeeId: '1009', fullName: 'Ines Dekker', role: 'operator', pin: '9999' },
  { employeeId: '1010', fullName: 'Jonas Peters', role: 'operator', pin: '101010' },
  { employeeId: '1011', fullName: 'Katja Hendriks', role: 'operator', pin: '111111' },
  { employeeId: '1012', fullName: 'Lars van Dijk', role: 'operator', pin: '121212' },
];

export const DEMO_SUPERVISORS: readonly DemoPerson[] = [
  { employeeId: '2001', fullName: 'Marieke Bos', role: 'supervisor', pin: '246810' },
  { employeeId: '2002', fullName: 'Niels Vos', role: 'supervisor', pin: '135791' },
];

export const DEMO_ADMIN: DemoPerson = {
  employeeId: '9001',
  fullName: 'Olga Admin',
  role: 'admin',
  pin: '900900',
  email: 'admin@demo.shopfloor.local',
};

export const DEMO_PEOPLE: readonly DemoPerson[] = [...DEMO_OPERATORS, ...DEMO_SUPERVISORS, DEMO_ADMIN];

export interface DemoMachine {
  employeeId: string;
  fullName: string;
  /** The cell (by demo key) and resource (by demo key) the machine counts for. */
  cellKey: string;
  resourceKey: string;
  key: string;
}

/** `mk_` + 32 base64url characters, the same shape as issueKey('mk'), derived from a fixed label. */
export function demoMachineKey(label: string): string {
  return `mk_${createHash('sha256').update(`shopfloor-demo-machine-key:${label}`).digest().subarray(0, 24).toString('base64url')}`;
}

export const DEMO_MACHINES: readonly DemoMachine[] = [
  { employeeId: 'M-LASER1', fullName: 'TruLaser 3030 counter', cellKey: 'laser', resourceKey: 'laser-1', key: demoMachineKey('laser-1') },
  { employeeId: 'M-BRAKE1', fullName: 'TruBend 5130 counter', cellKey: 'press_brake', resourceKey: 'brake-1', key: demoMachineKey('brake-1') },
];
