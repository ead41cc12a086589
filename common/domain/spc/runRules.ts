/**
 * Minitab's 8 tests for special causes (= Nelson 1984 numbering), applied to z = (statistic − CL)/σ_stat.
 * Conventions (../shared/STATS.md §2):
 * - the flagged point is the one completing the pattern (every point from the K-th on in a longer run);
 * - zone comparisons are strict (> 2σ, > 1σ, within = |z| < 1); a point exactly on the centre line
 *   breaks a test-2 run; equal consecutive values break test-3/test-4 runs;
 * - tests 5 and 6: the flagged point must itself be beyond the zone on that side;
 * - test 8 follows Minitab's wording: K points in a row beyond 1σ, either side, with no requirement that
 *   the run contains points on both sides (Nelson and qcc require both sides; we do not);
 * - tests 5/6 look at the last K+1 points, or fewer at the very start of a segment (2 points both beyond
 *   2σ at the start flag the second);
 * - runs restart at each stage boundary (each stage has its own limits);
 * - a NaN z (no statistic, e.g. the first moving range) breaks every run and counts as no point.
 * Runs in O(n) on a Float64Array, so 1,000,000 points take a few milliseconds.
 */

export type TestNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
export const ALL_TESTS: readonly TestNumber[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** Default K per test (Minitab). */
export const DEFAULT_K: Readonly<Record<TestNumber, number>> = { 1: 3, 2: 9, 3: 6, 4: 14, 5: 2, 6: 4, 7: 15, 8: 8 };

export type TestConfig = Readonly<{ enabled: readonly TestNumber[]; k: Readonly<Record<TestNumber, number>> }>;

export const RULE_PRESETS = ['minitab', 'we', 'nelson'] as const;
export type RulePreset = (typeof RULE_PRESETS)[number];

/**
 * Presets: "minitab" = Minitab's default (test 1 only); "we" = Western Electric (tests 1, 5, 6 and
 * test 2 with K = 8; qcc's default rules 1:4); "nelson" = all 8 with Minitab's K.
 */
export function presetConfig(preset: RulePreset): TestConfig {
  switch (preset) {
    case 'minitab':
      return { enabled: [1], k: DEFAULT_K };
    case 'we':
      return { enabled: [1, 2, 5, 6], k: { ...DEFAULT_K, 2: 8 } };
    case 'nelson':
      return { enabled: ALL_TESTS, k: DEFAULT_K };
  }
}

/** Plain-words explanation of a test with its K, for signal lists and tooltips. */
export function describeTest(test: TestNumber, k: number): string {
  switch (test) {
    case 1:
      return `Test 1: a point more than ${k} σ from the centre line`;
    case 2:
      return `Test 2: ${k} points in a row on the same side of the centre line`;
    case 3:
      return `Test 3: ${k} points in a row all increasing or all decreasing`;
    case 4:
      return `Test 4: ${k} points in a row alternating up and down`;
    case 5:
      return `Test 5: ${k} out of ${k + 1} points more than 2 σ from the centre line (same side)`;
    case 6:
      return `Test 6: ${k} out of ${k + 1} points more than 1 σ from the centre line (same side)`;
    case 7:
      return `Test 7: ${k} points in a row within 1 σ of the centre line (either side)`;
    case 8:
      return `Test 8: ${k} points in a row more than 1 σ from the centre line (either side)`;
  }
}

/**
 * Runs the enabled tests. Returns one bitmask per point: bit (t − 1) set when test t flags the point.
 * `segmentStarts` (0-based, ascending, first = 0) restart every run at stage boundaries.
 */
export function runTests(z: ArrayLike<number>, cfg: TestConfig, segmentStarts: readonly number[] = [0]): Uint8Array {
  const n = z.length;
  const zz = z instanceof Float64Array ? z : Float64Array.from(z);
  const out = new Uint8Array(n);
  const starts = segmentStarts.length > 0 && segmentStarts[0] === 0 ? segmentStarts : [0, ...segmentStarts];
  const on = (t: TestNumber) => cfg.enabled.includes(t);
  const flags: Flags = { t1: on(1), t2: on(2), t3: on(3), t4: on(4), t5: on(5), t6: on(6), t7: on(7), t8: on(8) };
  for (let s = 0; s < starts.length; s++) {
    const from = starts[s]!;
    const to = s + 1 < starts.length ? starts[s + 1]! : n;
    if (from < to) runSegment(zz, out, from, to, flags, cfg.k);
  }
  return out;
}

type Flags = Readonly<{ t1: boolean; t2: boolean; t3: boolean; t4: boolean; t5: boolean; t6: boolean; t7: boolean; t8: boolean }>;

function runSegment(z: Float64Array, out: Uint8Array, from: number, to: number, f: Flags, k: Readonly<Record<TestNumber, number>>): void {
  const { t1, t2, t3, t4, t5, t6, t7, t8 } = f;
  const k1 = k[1], k2 = k[2], k3 = k[3] - 1, k4 = k[4] - 1, k5 = k[5], k6 = k[6], k7 = k[7], k8 = k[8];
  const w5 = k5 + 1, w6 = k6 + 1;
  let side = 0, sideRun = 0;
  let prev = NaN, dir = 0, trendRun = 0, altRun = 0;
  let up2 = 0, dn2 = 0, up1 = 0, dn1 = 0;
  let inRun = 0, outRun = 0;
  for (let i = from; i < to; i++) {
    const v = z[i]!;
    let m = 0;
    if (v !== v) {
      // NaN: no point here; break every run.
      side = 0; sideRun = 0; prev = NaN; dir = 0; trendRun = 0; altRun = 0; inRun = 0; outRun = 0;
    } else {
      if (t1 && (v > k1 || v < -k1)) m |= 1;
      // Test 2: same side of the centre line; a point on the line breaks the run.
      const sd = v > 0 ? 1 : v < 0 ? -1 : 0;
      sideRun = sd === 0 ? 0 : sd === side ? sideRun + 1 : 1;
      side = sd;
      if (t2 && sideRun >= k2) m |= 2;
      // Tests 3 and 4: direction of the change from the previous point; a tie breaks both runs.
      if (prev === prev) {
        const d = v > prev ? 1 : v < prev ? -1 : 0;
        if (d === 0) {
          trendRun = 0;
          altRun = 0;
        } else {
          trendRun = d === dir ? trendRun + 1 : 1;
          altRun = dir !== 0 && d === -dir ? altRun + 1 : 1;
        }
        dir = d;
        if (t3 && trendRun >= k3) m |= 4;
        if (t4 && altRun >= k4) m |= 8;
      }
      prev = v;
      // Tests 7 and 8: runs within / beyond 1σ.
      const beyond1 = v > 1 || v < -1;
      inRun = v < 1 && v > -1 ? inRun + 1 : 0;
      outRun = beyond1 ? outRun + 1 : 0;
      if (t7 && inRun >= k7) m |= 64;
      if (t8 && outRun >= k8) m |= 128;
    }
    // Tests 5 and 6: K of the last K+1 points beyond 2σ / 1σ on one side; the point itself beyond.
    if (t5) {
      if (v > 2) up2++;
      else if (v < -2) dn2++;
      const o = i - w5;
      if (o >= from) {
        const u = z[o]!;
        if (u > 2) up2--;
        else if (u < -2) dn2--;
      }
      if ((v > 2 && up2 >= k5) || (v < -2 && dn2 >= k5)) m |= 16;
    }
    if (t6) {
      if (v > 1) up1++;
      else if (v < -1) dn1++;
      const o = i - w6;
      if (o >= from) {
        const u = z[o]!;
        if (u > 1) up1--;
        else if (u < -1) dn1--;
      }
      if ((v > 1 && up1 >= k6) || (v < -1 && dn1 >= k6)) m |= 32;
    }
    out[i] = m;
  }
}

/** The test numbers set in a bitmask, ascending. */
export function testsOf(mask: number): TestNumber[] {
  const r: TestNumber[] = [];
  for (let t = 1; t <= 8; t++) if (mask & (1 << (t - 1))) r.push(t as TestNumber);
  return r;
}
