import { call } from '../../api/client';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Sends a model artifact to main in chunks to be hashed (SHA-256) as they arrive; main writes nothing to disk.
 * Returns the upload id `registry-version-create` finishes the hash with.
 */
export async function hashArtifact(file: File, onProgress: (sent: number, total: number) => void): Promise<string> {
  const { uploadId, chunkBytes } = await call('registry-artifact-upload-begin', { fileName: file.name, size: file.size });
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
    await call('registry-artifact-upload-chunk', { uploadId, offset, data: toBase64(bytes) });
    onProgress(Math.min(file.size, offset + chunkBytes), file.size);
  }
  return uploadId;
}
