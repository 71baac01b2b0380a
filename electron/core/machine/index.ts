// Public face of the machine integration for the host and the sync heartbeat.
export { MachineConfig, machineConfig, type MachineConfigInput } from './config';
export { startMachineService, type MachineService, type MachineServiceDeps, type MachinePush } from './service';
export { machineQueryHandlers } from './handlers';
export { openApiDocument } from './openapi';
export { liveOee, oeeForHeartbeat, type LiveOeeDeps } from '../oee/live-oee';
