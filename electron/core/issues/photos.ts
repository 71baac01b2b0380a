// Issue photos: base64 bytes from the UI, checked for type and size against the core config, then
// stored in the local `attachments` table (the event carries only metadata and the sha256; sync
// uploads the bytes after the event). Anything else is refused with the photo's field path.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { CoreConfig } from '../config';
import { refuse } from '../errors';
import { sql } from '../store/statements';

export interface PhotoIn {
  file_name: string;
  mime_type: string;
  data_base64: string;
}

export interface CheckedPhoto {
  attachment_id: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  data: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function checkPhotos(photos: readonly PhotoIn[], cfg: CoreConfig['issues'], nowMs: number): CheckedPhoto[] {
  return photos.map((p, i) => {
    const f = (k: string) => `photos.${i}.${k}`;
    if (!cfg.photo_mime_types.includes(p.mime_type)) refuse('validation', `Photos must be one of ${cfg.photo_mime_types.join(', ')}; got ${p.mime_type}.`, f('mime_type'));
    const b64 = p.data_base64.replace(/\s+/g, '');
    if (b64.length % 4 !== 0 || !BASE64.test(b64)) refuse('validation', 'The photo data is not valid base64.', f('data_base64'));
    // Check the size from the encoded length before decoding, so a huge upload is not buffered twice.
    if ((b64.length / 4) * 3 - 2 > cfg.photo_max_bytes) refuse('validation', `The photo is larger than ${Math.round(cfg.photo_max_bytes / 1024)} KiB.`, f('data_base64'));
    const data = Buffer.from(b64, 'base64');
    if (data.length === 0) refuse('validation', 'The photo is empty.', f('data_base64'));
    if (data.length > cfg.photo_max_bytes) refuse('validation', `The photo is larger than ${Math.round(cfg.photo_max_bytes / 1024)} KiB.`, f('data_base64'));
    return { attachment_id: uuidv7(nowMs), file_name: p.file_name, mime_type: p.mime_type, size_bytes: data.length, sha256: createHash('sha256').update(data).digest('hex'), data };
  });
}

export function storePhotos(db: Database.Database, issueId: string, photos: readonly CheckedPhoto[], createdAt: string): void {
  for (const p of photos) {
    sql(db, 'INSERT INTO attachments (id, issue_id, file_name, mime_type, size_bytes, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      p.attachment_id, issueId, p.file_name, p.mime_type, p.size_bytes, p.sha256, p.data, createdAt,
    );
  }
}
