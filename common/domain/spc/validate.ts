import { DomainInputError } from '../errors';
import { labelAt } from './chartColumns';
import type { ColumnChartSpec } from './chartColumns';
import type { ChartSpec } from './types';

const bad = (message: string) => new DomainInputError(message);

/** Checks a chart request and throws BAD_INPUT naming the problem (which subgroup, which value). */
export function validateSpec(spec: ChartSpec): void {
  const { chart, subgroups } = spec;
  if (subgroups.length < 2) throw bad(`A control chart needs at least 2 points; got ${subgroups.length}.`);
  const attribute = chart === 'p' || chart === 'np' || chart === 'c' || chart === 'u';
  for (const g of subgroups) {
    if (g.values.length === 0) throw bad(`Subgroup "${g.label}" has no values.`);
    for (const v of g.values) {
      if (!Number.isFinite(v)) throw bad(`Subgroup "${g.label}" has a value that is not a number.`);
    }
    if (chart === 'imr' && g.values.length > 1) {
      throw bad(`I-MR plots one value per point, but subgroup "${g.label}" has ${g.values.length}. Use --chart xbar-r or xbar-s for subgroups.`);
    }
    if ((chart === 'xbar-r' || chart === 'xbar-s') && g.values.length < 2) {
      throw bad(`Subgroup "${g.label}" has 1 observation; ${chart === 'xbar-r' ? 'X̄-R' : 'X̄-S'} needs at least 2 per subgroup (use --chart imr for individual values).`);
    }
    if (attribute) {
      const count = g.values[0]!;
      if (g.values.length !== 1) throw bad(`Attribute charts take one count per subgroup; subgroup "${g.label}" has ${g.values.length} rows.`);
      if (count < 0) throw bad(`Subgroup "${g.label}" has a negative count (${count}).`);
      const needsSize = chart === 'p' || chart === 'np' || chart === 'u';
      if (needsSize && !(g.size !== undefined && g.size > 0)) {
        throw bad(`Subgroup "${g.label}" needs a positive sample size for a ${chart.toUpperCase()} chart (--size COL).`);
      }
      if ((chart === 'p' || chart === 'np') && g.size !== undefined && count > g.size) {
        throw bad(`Subgroup "${g.label}" has more defectives (${count}) than items inspected (${g.size}).`);
      }
    }
  }
  validateOptions(spec, subgroups.length, () => {
    const single = subgroups.filter((g) => g.values.length === 1).length;
    if (single > 0 && single < subgroups.length) {
      const g = subgroups.find((x) => x.values.length === 1)!;
      throw bad(`CUSUM takes either one value per point or subgroups of at least 2; subgroup "${g.label}" has 1 observation while others have more.`);
    }
  });
}

/**
 * The same checks on a chart given as columns (the dataset path, without subgroup objects): the same
 * messages, naming the subgroup by its name or point number.
 */
export function validateColumns(spec: ColumnChartSpec): void {
  const { chart, data } = spec;
  const m = data.m;
  if (m < 2) throw bad(`A control chart needs at least 2 points; got ${m}.`);
  const attribute = chart === 'p' || chart === 'np' || chart === 'c' || chart === 'u';
  const nAt = (i: number) => (typeof data.n === 'number' ? data.n : data.n[i]!);
  for (let i = 0; i < m; i++) {
    const n = nAt(i);
    if (attribute) {
      const count = data.count![i]!;
      if (!Number.isFinite(count)) throw bad(`Subgroup "${labelAt(data, i)}" has a value that is not a number.`);
      if (count < 0) throw bad(`Subgroup "${labelAt(data, i)}" has a negative count (${count}).`);
      if ((chart === 'p' || chart === 'np' || chart === 'u') && !(n > 0)) {
        throw bad(`Subgroup "${labelAt(data, i)}" needs a positive sample size for a ${chart.toUpperCase()} chart (--size COL).`);
      }
      if ((chart === 'p' || chart === 'np') && count > n) throw bad(`Subgroup "${labelAt(data, i)}" has more defectives (${count}) than items inspected (${n}).`);
      continue;
    }
    if (!(n >= 1)) throw bad(`Subgroup "${labelAt(data, i)}" has no values.`);
    if (!Number.isFinite(data.x![i]!)) throw bad(`Subgroup "${labelAt(data, i)}" has a value that is not a number.`);
    if (chart === 'imr' && n > 1) throw bad(`I-MR plots one value per point, but subgroup "${labelAt(data, i)}" has ${n}. Use --chart xbar-r or xbar-s for subgroups.`);
    if ((chart === 'xbar-r' || chart === 'xbar-s') && n < 2) {
      throw bad(`Subgroup "${labelAt(data, i)}" has 1 observation; ${chart === 'xbar-r' ? 'X̄-R' : 'X̄-S'} needs at least 2 per subgroup (use --chart imr for individual values).`);
    }
  }
  validateOptions(spec, m, () => {
    let single = 0;
    let first = -1;
    for (let i = 0; i < m; i++) {
      if (nAt(i) === 1) {
        single++;
        if (first < 0) first = i;
      }
    }
    if (single > 0 && single < m) throw bad(`CUSUM takes either one value per point or subgroups of at least 2; subgroup "${labelAt(data, first)}" has 1 observation while others have more.`);
  });
}

/** Checks of the chart options (limits range, known σ, widths, λ, CUSUM k and h, test K) for `m` subgroups. */
function validateOptions(spec: Omit<ChartSpec, 'subgroups'>, m: number, checkCusumSizes: () => void): void {
  const chart = spec.chart;
  const attribute = chart === 'p' || chart === 'np' || chart === 'c' || chart === 'u';
  if (spec.limitsFrom) {
    const { from, to } = spec.limitsFrom;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > m || from > to) {
      throw bad(`Limits range ${from}-${to} must be within subgroups 1-${m}.`);
    }
    if (to - from + 1 < 2) throw bad(`Limits range ${from}-${to} has fewer than 2 subgroups.`);
  }
  if (spec.known?.sigma !== undefined) {
    if (attribute) throw bad(`A known sigma does not apply to ${chart.toUpperCase()} charts: σ follows from the centre.`);
    if (!(spec.known.sigma > 0)) throw bad(`Known sigma must be positive (got ${spec.known.sigma}).`);
  }
  const nsigmas = spec.nsigmas ?? 3;
  if (!(nsigmas > 0)) throw bad(`The limit width in sigmas must be positive (got ${nsigmas}).`);
  const lambda = spec.lambda ?? 0.2;
  if (!(lambda > 0 && lambda <= 1)) throw bad(`The EWMA weight λ must be in (0, 1] (got ${lambda}).`);
  if (chart === 'cusum') {
    const k = spec.cusumK ?? 0.5;
    const h = spec.cusumH ?? 4;
    if (!(k >= 0 && Number.isFinite(k))) throw bad(`The CUSUM reference value k must be 0 or more, in σ units (got ${k}).`);
    if (!(h > 0 && Number.isFinite(h))) throw bad(`The CUSUM decision interval h must be positive, in σ units (got ${h}).`);
    checkCusumSizes();
  }
  for (const [t, k] of Object.entries(spec.tests.k)) {
    if (!(Number.isInteger(k) || t === '1') || !(k > 0)) throw bad(`K for test ${t} must be a positive whole number (got ${k}).`);
  }
}
