// Public face of the event vocabulary.
export * from './envelope';
export * from './payloads';
