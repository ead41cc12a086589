/**
 * Base64 (RFC 4648, with padding) ↔ bytes, written for both Node and the browser: `common/` cannot import
 * node:buffer, and btoa/atob work on "binary strings" that cost one extra copy per megabyte. Node's Buffer
 * is used when the global exists (it is several times faster); the table codec gives the same text.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

type BufferLike = { from(b: ArrayBufferLike, offset: number, length: number): { toString(enc: 'base64'): string } };
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/** Base64 text of the bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return bytesToBase64Portable(bytes);
}

/** The table codec the browser uses (exported so tests compare it with Node's). */
export function bytesToBase64Portable(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 8192;
  const codes = new Uint16Array(4 * (CHUNK / 3));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let o = 0;
    let i = start;
    for (; i + 2 < end; i += 3) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      codes[o++] = ALPHABET.charCodeAt(v >> 18);
      codes[o++] = ALPHABET.charCodeAt((v >> 12) & 63);
      codes[o++] = ALPHABET.charCodeAt((v >> 6) & 63);
      codes[o++] = ALPHABET.charCodeAt(v & 63);
    }
    if (i < end) {
      const two = i + 1 < end;
      const v = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
      codes[o++] = ALPHABET.charCodeAt(v >> 18);
      codes[o++] = ALPHABET.charCodeAt((v >> 12) & 63);
      codes[o++] = two ? ALPHABET.charCodeAt((v >> 6) & 63) : 61;
      codes[o++] = 61;
    }
    parts.push(String.fromCharCode.apply(null, Array.from(codes.subarray(0, o))));
  }
  return parts.join('');
}

/** The bytes of base64 text; throws on a character outside the alphabet or a length that is not a multiple of 4. */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error(`Base64 text of ${text.length} characters: not a multiple of 4.`);
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = DECODE[text.charCodeAt(i)] ?? -1;
    const b = DECODE[text.charCodeAt(i + 1)] ?? -1;
    const c = text.charCodeAt(i + 2) === 61 ? 0 : (DECODE[text.charCodeAt(i + 2)] ?? -1);
    const d = text.charCodeAt(i + 3) === 61 ? 0 : (DECODE[text.charCodeAt(i + 3)] ?? -1);
    if ((a | b | c | d) < 0) throw new Error(`Base64 text has a character outside the alphabet near position ${i}.`);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float64 values as base64 of their little-endian bytes. */
export function packFloat64(values: Float64Array): string {
  if (LITTLE_ENDIAN) return bytesToBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytesToBase64(bytes);
}

export function unpackFloat64(text: string): Float64Array {
  const bytes = base64ToBytes(text);
  if (bytes.length % 8 !== 0) throw new Error(`A Float64 column of ${bytes.length} bytes: not a multiple of 8.`);
  if (LITTLE_ENDIAN) return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** Int32 values as base64 of their little-endian bytes. */
export function packInt32(values: Int32Array): string {
  if (LITTLE_ENDIAN) return bytesToBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, true);
  return bytesToBase64(bytes);
}

export function unpackInt32(text: string): Int32Array {
  const bytes = base64ToBytes(text);
  if (bytes.length % 4 !== 0) throw new Error(`An Int32 column of ${bytes.length} bytes: not a multiple of 4.`);
  if (LITTLE_ENDIAN) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const view = new DataView(bytes.buffer);
  const out = new Int32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
  return out;
}
