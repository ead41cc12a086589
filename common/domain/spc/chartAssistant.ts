import type { ChartKind } from './types';

/**
 * Which control chart fits the data, with the reason: the decision tree of Minitab's Assistant ("Choose a control
 * chart") and Montgomery §7.4 / Figure 7.20, limited to the charts the app draws (types.ts CHART_KINDS):
 *
 * - continuous measurements: subgroup size 1 → I-MR; 2–8 → X̄-R; 9 or more → X̄-S (Minitab's Assistant switches at
 *   9: the range wastes information in larger subgroups);
 *   small shifts matter: a slow drift or shifts of 0.5–1.5 σ → EWMA; a sustained shift of a known size → CUSUM
 *   (both detect these far sooner than a Shewhart chart: see the ARL next to the rules);
 * - defectives (each item passes or fails, counted of n inspected): sizes vary → P; all equal → NP (P also fits);
 * - defects (counts of events on an area of opportunity): areas vary → U; all equal → C.
 *
 * Attribute charts have no EWMA/CUSUM here; when small shifts matter, the advice says so.
 */
export type DataKind = 'continuous' | 'defectives' | 'defects';
export type ShiftConcern = 'none' | 'drift' | 'sustained';

export type AssistantInput = Readonly<{
  data: DataKind;
  /** Continuous data: observations per subgroup (1 = individual values). */
  subgroupSize: number;
  /** Attribute data: every subgroup has the same size (items inspected, area of opportunity). */
  equalSizes: boolean;
  /** Small shifts matter: none (large ones only), a slow drift, or a sustained shift of a known size. */
  shifts: ShiftConcern;
}>;

export type Recommendation = { chart: ChartKind; reason: string; alternatives: { chart: ChartKind; reason: string }[]; notes: string[] };

export function recommendChart(input: AssistantInput): Recommendation {
  const notes: string[] = [];
  if (input.data === 'defectives') {
    if (input.shifts !== 'none') notes.push('Small shifts in a proportion need large samples to see; the P and NP charts signal large shifts. Check the ARL of the rules you choose.');
    return input.equalSizes
      ? { chart: 'np', reason: 'Pass/fail counts with the same number inspected in every subgroup: the NP chart plots the number defective against binomial limits.', alternatives: [{ chart: 'p', reason: 'The P chart plots the same data as a proportion; use it if the sample size may change later.' }], notes }
      : { chart: 'p', reason: 'Pass/fail counts with a varying number inspected: the P chart plots the proportion defective, with limits that follow each subgroup\'s size (binomial).', alternatives: [], notes };
  }
  if (input.data === 'defects') {
    if (input.shifts !== 'none') notes.push('Small shifts in a defect rate need many units to see; the C and U charts signal large shifts.');
    return input.equalSizes
      ? { chart: 'c', reason: 'Counts of defects (events) on the same area of opportunity each time: the C chart plots the count against Poisson limits.', alternatives: [{ chart: 'u', reason: 'The U chart plots defects per unit; use it if the area may change later.' }], notes }
      : { chart: 'u', reason: 'Counts of defects on a varying area of opportunity: the U chart plots defects per unit, with limits that follow each subgroup\'s size (Poisson).', alternatives: [], notes };
  }
  const n = Math.max(1, Math.round(input.subgroupSize));
  const shewhart: { chart: ChartKind; reason: string } =
    n === 1
      ? { chart: 'imr', reason: 'One measurement per point: the I-MR chart plots each value, with σ from the average moving range (MR̄/1.128).' }
      : n <= 8
        ? { chart: 'xbar-r', reason: `Subgroups of ${n} measurements (2 to 8): the X̄-R chart plots subgroup means and ranges; with small subgroups the range estimates σ as well as the SD does.` }
        : { chart: 'xbar-s', reason: `Subgroups of ${n} measurements (9 or more): the X̄-S chart plots means and standard deviations; in larger subgroups the SD uses every value, the range only two.` };
  if (input.shifts === 'drift') {
    return {
      chart: 'ewma',
      reason: `Small shifts or a slow drift matter: the EWMA chart averages recent ${n === 1 ? 'values' : 'subgroup means'} with weight λ and detects shifts of 0.5 to 1.5 σ many points sooner than ${shewhart.chart === 'imr' ? 'an I chart' : 'an X̄ chart'}. λ = 0.1 to 0.2 suits small shifts.`,
      alternatives: [shewhart, { chart: 'cusum', reason: 'The CUSUM chart detects a sustained shift of a known size (k = half the shift) just as quickly.' }],
      notes,
    };
  }
  if (input.shifts === 'sustained') {
    return {
      chart: 'cusum',
      reason: 'A sustained shift of a known size matters: the tabular CUSUM adds up each point\'s distance from the target and is tuned to that shift (k = half the shift in σ; k = 0.5 for a 1 σ shift).',
      alternatives: [shewhart, { chart: 'ewma', reason: 'The EWMA chart detects small shifts as well and also shows a slow drift.' }],
      notes,
    };
  }
  const others: { chart: ChartKind; reason: string }[] = [{ chart: 'ewma', reason: 'If small shifts (under 1.5 σ) matter, an EWMA chart detects them sooner.' }];
  return { ...shewhart, alternatives: others, notes };
}
