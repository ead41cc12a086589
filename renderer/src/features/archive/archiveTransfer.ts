import type { ArchiveRedaction } from '../../../../common/contract/schemas/archive';
import { call } from '../../api/client';
import { downloadBlob } from '../../export/download';

/** Bytes → base64 without building one giant string of char codes. */
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Browser mode: a picked or dropped .kaizen goes to main in base64 chunks (each under the host's 1 MiB body cap). */
export async function uploadArchive(file: File, onProgress: (sent: number, total: number) => void): Promise<string> {
  const { uploadId, chunkBytes } = await call('archive-upload-begin', { fileName: file.name, size: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
      await call('archive-upload-chunk', { uploadId, offset, data: toBase64(bytes) });
      onProgress(Math.min(file.size, offset + chunkBytes), file.size);
    }
    return uploadId;
  } catch (e) {
    await call('archive-upload-discard', { uploadId }).catch(() => undefined);
    throw e;
  }
}

export type ExportChoice = Readonly<{ eventId: string; fileStem: string; redact: ArchiveRedaction[]; passphrase?: string; jobId: string }>;

/**
 * Exports the event: the desktop app asks where to save and main writes the file (temp file + rename); browser
 * mode has main write it under the data folder and fetches it in chunks for a download. Null when the user
 * closed the save dialog.
 */
export async function exportArchiveFile(c: ExportChoice): Promise<{ name: string; bytes: number } | null> {
  const info = await call('app-info', {});
  if (info.nativeDialogs) {
    const dest = await call('dialog-save-file', { title: 'Export event', defaultName: `${c.fileStem}.kaizen`, filters: [{ name: 'Kaizen event archive', extensions: ['kaizen'] }] });
    if (dest.canceled || !dest.handle) return null;
    const r = await call('archive-export', { eventId: c.eventId, outHandle: dest.handle, redact: c.redact, passphrase: c.passphrase, jobId: c.jobId });
    return { name: r.path, bytes: r.bytes };
  }
  const d = await call('archive-download', { eventId: c.eventId, redact: c.redact, passphrase: c.passphrase, jobId: c.jobId });
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 0, done = false; !done; offset += d.chunkBytes) {
    const chunk = await call('archive-download-chunk', { downloadId: d.downloadId, offset });
    parts.push(fromBase64(chunk.data));
    done = chunk.done;
  }
  downloadBlob(d.name, new Blob(parts, { type: 'application/zip' }));
  return { name: d.name, bytes: d.bytes };
}
