// Uploads issue photos after their issue's event has been acknowledged (the central only accepts
// bytes for a photo it already knows from issue.reported). A photo the central refuses for good
// keeps its bytes locally with the reason; transient failures propagate to the loop's backoff.
import type Database from 'better-sqlite3';
import { toSyncError } from './errors';
import { PENDING_OUTBOX_ROW } from './outbox-queue';
import type { AttachmentUpload } from './protocol';
import type { SyncTransport } from './transport';

/** A stored photo not yet uploaded: the upload's fields, with the bytes still raw. */
type PendingAttachment = Omit<AttachmentUpload, 'data_base64'> & { data: Buffer };

export async function uploadPendingAttachments(db: Database.Database, t: SyncTransport, credential: string, max = 20): Promise<number> {
  const rows = db
    .prepare(
      `SELECT a.id, a.issue_id, a.file_name, a.mime_type, a.size_bytes, a.sha256, a.data FROM attachments a
        WHERE a.uploaded_at IS NULL AND a.upload_error IS NULL
          AND NOT EXISTS (SELECT 1 FROM outbox WHERE ${PENDING_OUTBOX_ROW} AND entity_id = a.issue_id)
        ORDER BY a.created_at LIMIT ?`,
    )
    .all(max) as PendingAttachment[];
  let n = 0;
  for (const a of rows) {
    try {
      await t.uploadAttachment(credential, {
        id: a.id, issue_id: a.issue_id, file_name: a.file_name, mime_type: a.mime_type, size_bytes: a.size_bytes, sha256: a.sha256,
        data_base64: a.data.toString('base64'),
      });
      db.prepare('UPDATE attachments SET uploaded_at = ? WHERE id = ?').run(new Date().toISOString(), a.id);
      n++;
    } catch (err) {
      const e = toSyncError(err);
      if (e.kind !== 'permanent' && e.kind !== 'too_large') throw e;
      db.prepare('UPDATE attachments SET upload_error = ? WHERE id = ?').run(e.message, a.id);
    }
  }
  return n;
}
