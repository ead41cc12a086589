import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileStem } from '../../main/reports/escape';
import { fileStemOf } from '../../renderer/src/features/report/fileStem';

describe('fileStemOf', () => {
  it('names files exactly as main does, so the save dialog proposes the name main would write', () => {
    fc.assert(fc.property(fc.string(), (s) => fileStemOf(s) === fileStem(s)));
    expect(fileStemOf('Cut p95 latency of the fraud-scoring API')).toBe('Cut-p95-latency-of-the-fraud-scoring-API');
  });
});
