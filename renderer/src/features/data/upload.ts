import { call } from '../../api/client';

/** Bytes → base64 without building one giant string of char codes. */
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Browser mode: sends a picked or dropped File to main in base64 chunks (each request stays under the
 * host's 1 MiB body cap) and returns the upload id the preview and import read from.
 */
export async function uploadFile(file: File, onProgress: (sent: number, total: number) => void, signal: AbortSignal): Promise<string> {
  const { uploadId, chunkBytes } = await call('dataset-upload-begin', { fileName: file.name, size: file.size, lastModified: file.lastModified });
  try {
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      if (signal.aborted) throw new DOMException('Upload cancelled', 'AbortError');
      const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
      await call('dataset-upload-chunk', { uploadId, offset, data: toBase64(bytes) });
      onProgress(Math.min(file.size, offset + chunkBytes), file.size);
    }
    if (file.size === 0) onProgress(0, 0);
    return uploadId;
  } catch (e) {
    await call('dataset-upload-discard', { uploadId }).catch(() => undefined);
    throw e;
  }
}
