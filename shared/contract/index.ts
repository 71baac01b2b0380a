// Public face of the contract.
export * from './define';
export * from './commands';
export * from './queries';
export * from './push';
export * from './api';
