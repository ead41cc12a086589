import { downloadBlob } from '../../export/download';
import { fmt } from '../../format';

/** Saves bytes from main as a file through the browser's download (browser mode has no native save dialog). */
export function saveBase64(name: string, mimeType: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  downloadBlob(name, new Blob([bytes], { type: mimeType }));
}

/** "103 KB", "1.2 MB": file sizes as people read them. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${fmt().fixed(n / (1024 * 1024), 1)} MB`;
}
