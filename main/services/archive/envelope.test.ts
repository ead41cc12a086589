import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EnvelopeReader, WRONG_PASSPHRASE, encryptingStream } from './envelope';

const CHUNK = 64 * 1024;

async function seal(plain: Buffer, pass: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of Readable.from([plain.subarray(0, 1000), plain.subarray(1000)]).pipe(encryptingStream(pass, CHUNK))) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function open(bytes: Buffer, pass: string): Promise<Buffer> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-env-')), 'x.kaizen');
  fs.writeFileSync(file, bytes);
  const r = EnvelopeReader.open(file, pass);
  try {
    const parts: Buffer[] = [];
    for await (const c of r.read(0, r.plainSize)) parts.push(c as Buffer);
    return Buffer.concat(parts);
  } finally {
    r.close();
  }
}

describe('encrypted envelope (AES-256-GCM in authenticated chunks, scrypt key)', () => {
  const plain = randomBytes(2 * CHUNK + 12_345);

  it('round-trips, and reads any range', async () => {
    const sealed = await seal(plain, 'pass phrase');
    expect(sealed.includes(plain.subarray(0, 32))).toBe(false);
    expect(await open(sealed, 'pass phrase')).toEqual(plain);
  });

  it('refuses a wrong passphrase, a flipped byte, a file cut at a chunk boundary, swapped chunks and an edited header', async () => {
    const sealed = await seal(plain, 'pass phrase');
    await expect(open(sealed, 'pass phrasE')).rejects.toThrow(WRONG_PASSPHRASE);
    const flipped = Buffer.from(sealed);
    flipped[sealed.length - 40] = flipped[sealed.length - 40]! ^ 0x80;
    await expect(open(flipped, 'pass phrase')).rejects.toThrow(WRONG_PASSPHRASE);
    const stride = CHUNK + 16;
    // The first two chunks alone: each authenticates, but the last one was not sealed as the last.
    await expect(open(sealed.subarray(0, 40 + 2 * stride), 'pass phrase')).rejects.toThrow(WRONG_PASSPHRASE);
    const swapped = Buffer.concat([sealed.subarray(0, 40), sealed.subarray(40 + stride, 40 + 2 * stride), sealed.subarray(40, 40 + stride), sealed.subarray(40 + 2 * stride)]);
    await expect(open(swapped, 'pass phrase')).rejects.toThrow(WRONG_PASSPHRASE);
    const header = Buffer.from(sealed);
    header[20] = header[20]! ^ 0x01; // a byte of the salt
    await expect(open(header, 'pass phrase')).rejects.toThrow(WRONG_PASSPHRASE);
  });
});
