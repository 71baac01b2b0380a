// The shape of a projector: one function per event type, applying one envelope to the local
// projection tables. The same function runs live (inside the command's transaction) and on
// rebuild, which is what makes "rebuild from the outbox = live state" hold by construction.
import type Database from 'better-sqlite3';
import type { EventType, TypedEnvelope } from '../../../shared/events';

export type Projector<T extends EventType> = (db: Database.Database, ev: TypedEnvelope<T>) => void;
export type ProjectorMap = { [T in EventType]?: Projector<T> };
