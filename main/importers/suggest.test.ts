import { describe, expect, it } from 'vitest';
import { nameWords, suggestRole, suggestUnit } from './suggest';

const role = (source: string, type: 'integer' | 'real' | 'timestamp' | 'text' = 'real') => suggestRole({ source, type });

describe('column roles inferred from names', () => {
  it('latency from the words of a name, not only the whole name (latency_total_ms was left without a role)', () => {
    for (const n of ['latency_total_ms', 'p95_latency_ms', 'LatencyTotalMs', 'inference-duration-sec', 'Request Latency (ms)', 'response_time_ms', 'queue_time_s', 'total_ms', 'elapsed'])
      expect([n, role(n)]).toEqual([n, 'latency']);
    expect(role('latency_total_ms', 'integer')).toBe('latency');
  });

  it('not for timestamps, text columns or unrelated numbers', () => {
    expect(role('created_at_ms', 'integer')).toBeNull();
    expect(role('epoch_ms', 'integer')).toBeNull();
    expect(role('latency_bucket', 'text')).toBeNull();
    expect(role('feature_count')).toBeNull();
    expect(role('time', 'timestamp')).toBe('timestamp');
    expect(role('model_version', 'text')).toBe('model-version');
  });

  it('splits names into words and reads units from suffixes', () => {
    expect(nameWords('LatencyTotalMs')).toEqual(['latency', 'total', 'ms']);
    expect(nameWords('latency-total ms')).toEqual(['latency', 'total', 'ms']);
    expect(suggestUnit('latency_total_ms')).toBe('ms');
  });
});
