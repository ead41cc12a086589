import { describe, expect, it } from 'vitest';
import { decodeSample, decodeWindows1252, detectEncoding, StreamDecoder } from './textDecode';

describe('Latin-1 files are read as Windows-1252', () => {
  it('maps 0x80–0x9F as WHATWG windows-1252 does (Node 20’s TextDecoder gives C1 controls instead)', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const text = decodeWindows1252(bytes);
    expect(text).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    expect(decodeWindows1252(Buffer.from([0x41, 0xe9, 0xff, 0xa0]))).toBe('Aéÿ\u00a0');
    expect(decodeSample(Buffer.from([0x80, 0x31]), 'latin1')).toBe('€1');
    const d = new StreamDecoder('f.csv', 'latin1');
    expect(d.decode(Buffer.from([0x93, 0x61, 0x94, 0x0a]), false) + d.decode(Buffer.from([0x80]), true)).toBe('“a”\n€');
    expect(detectEncoding(Buffer.from([0x61, 0x80, 0x0a])).encoding).toBe('latin1');
  });
});

describe('UTF-16', () => {
  const units = (s: string, be: boolean) => {
    const b = Buffer.from(s, 'utf16le');
    return be ? b.swap16() : b;
  };

  it('keeps surrogate pairs across chunk boundaries and lone surrogates as they are (the import replaces and reports them)', () => {
    const text = 'a😀b\ud800c\n\udc00😀';
    for (const be of [false, true]) {
      const bytes = Buffer.concat([be ? Buffer.from([0xfe, 0xff]) : Buffer.from([0xff, 0xfe]), units(text, be)]);
      for (let size = 1; size <= 7; size++) {
        const d = new StreamDecoder('f.csv', be ? 'utf-16be' : 'utf-16le');
        let out = '';
        for (let i = 0; i < bytes.length; i += size) out += d.decode(bytes.subarray(i, i + size), i + size >= bytes.length);
        expect(out, `${be} ${size}`).toBe(text);
      }
    }
  });

  it('a final odd byte becomes U+FFFD; a NUL is an error naming the line', () => {
    const d = new StreamDecoder('f.csv', 'utf-16le');
    expect(d.decode(Buffer.from([0x61, 0x00, 0x62]), true)).toBe('a\ufffd');
    expect(() => new StreamDecoder('f.csv', 'utf-16le').decode(Buffer.from('a\nb\u0000', 'utf16le'), true)).toThrow(/^f\.csv: line 2: contains a NUL byte/);
  });
});
