import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { computeCapability } from '../../../common/domain/spc/capability';
import { andersonDarling } from '../../../common/domain/spc/normality';
import { boxCoxCapability, percentileCapability } from '../../../common/domain/spc/nonnormal';
import { DATASET_OPTIONS, readTableInput } from '../tableInput';
import { subgroupsFromColumns } from '../../services/spc/series';
import type { Command } from '../command';
import { guarded, numberFlag, parse, printJson, requireFlag } from '../command';

const FIELDS = ['mean', 'sigma_within', 'sigma_overall', 'cp', 'cpl', 'cpu', 'cpk', 'cpm', 'pp', 'ppl', 'ppu', 'ppk', 'ppm_observed', 'ppm_expected'] as const;

/** Anderson–Darling normality line of the text output (Minitab's AD = A², p from A*²). */
function normalityLines(values: readonly number[]): string[] {
  if (values.length < 3) return [];
  const ad = andersonDarling(values);
  const p = ad.p < 0.005 ? 'p < 0.005' : `p = ${ad.p.toFixed(3)}`;
  return [`  normality: Anderson–Darling A² = ${ad.a2.toFixed(4)} (A*² ${ad.a2Adjusted.toFixed(4)}), ${p}${ad.p < 0.05 ? ' — not normal: consider --method boxcox or percentile' : ''}`];
}

export const capabilityCommand: Command = {
  name: 'capability',
  summary: 'Process capability (Cp, Cpk, Cpm, Pp, Ppk, ppm out of spec) from a data file',
  usage: 'kaizen capability (--input FILE | --dataset ID --data-dir DIR [--version N]) --value COL [--subgroup COL | --subgroup-size N] --lsl A --usl B [--target T] [--within rbar|pooled] [--method normal|boxcox|percentile [--lambda L]] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values: v } = parse(argv, {
        input: { type: 'string' },
        ...DATASET_OPTIONS,
        value: { type: 'string' },
        subgroup: { type: 'string' },
        'subgroup-size': { type: 'string' },
        lsl: { type: 'string' },
        usl: { type: 'string' },
        target: { type: 'string' },
        within: { type: 'string' },
        method: { type: 'string' },
        lambda: { type: 'string' },
        json: { type: 'boolean' },
      });
      const value = requireFlag(v.value, '--value');
      const lsl = numberFlag(requireFlag(v.lsl, '--lsl'), '--lsl');
      const usl = numberFlag(requireFlag(v.usl, '--usl'), '--usl');
      const target = numberFlag(v.target, '--target');
      // σ_within for subgroups: R̄/d2 (qcc's default, ours) or pooled SD/c4 (Minitab's default).
      const within = v.within ?? 'rbar';
      if (within !== 'rbar' && within !== 'pooled') throw new AppError('BAD_INPUT', `--within must be rbar or pooled (got "${within}").`);
      // Non-normal capability (Minitab "Nonnormal" / ISO 22514-2) on the individual values, in time order.
      const method = v.method ?? 'normal';
      if (method !== 'normal' && method !== 'boxcox' && method !== 'percentile') throw new AppError('BAD_INPUT', `--method must be normal, boxcox or percentile (got "${method}").`);
      const lambda = numberFlag(v.lambda, '--lambda');
      if (lambda !== undefined && method !== 'boxcox') throw new AppError('BAD_INPUT', '--lambda sets the Box-Cox λ; use it with --method boxcox.');
      if (lambda !== undefined && !(lambda >= -5 && lambda <= 5)) throw new AppError('BAD_INPUT', `--lambda must be from -5 to 5 (got ${lambda}).`);
      const table = await readTableInput({ file: v.input, dataset: v.dataset, version: v.version, dataDir: v['data-dir'] }, { columns: [value, v.subgroup].filter((c): c is string => c !== undefined) });
      const input = v.input ?? table.fileName;
      const grouped = v.subgroup !== undefined || v['subgroup-size'] !== undefined;
      const subgroups = subgroupsFromColumns(table.columns, {
        chart: grouped ? 'xbar-r' : 'imr',
        value,
        subgroup: v.subgroup,
        subgroupSize: numberFlag(v['subgroup-size'], '--subgroup-size'),
        source: path.basename(input),
      });
      const c = computeCapability({ subgroups: subgroups.map((g) => g.values), lsl, usl, target, withinMethod: within });
      const values = subgroups.flatMap((g) => g.values);
      const bc = method === 'boxcox' ? boxCoxCapability(values, { lsl, usl, target, lambda }) : null;
      const pc = method === 'percentile' ? percentileCapability(values, { lsl, usl }) : null;
      if (v.json) {
        // The issue's fields; with --method boxcox|percentile also `method` and that method's figures.
        const base = Object.fromEntries(FIELDS.map((f) => [f, c[f]]));
        const extra = bc
          ? { method, boxcox: { lambda: bc.lambda, lsl: bc.lsl, usl: bc.usl, ...Object.fromEntries(FIELDS.map((f) => [f, bc.capability[f]])) } }
          : pc
            ? { method, percentile: { p00135: pc.p00135, p50: pc.p50, p99865: pc.p99865, pp: pc.pp, ppl: pc.ppl, ppu: pc.ppu, ppk: pc.ppk } }
            : {};
        printJson(io, { ...base, ...extra });
        return 0;
      }
      const f = (x: number | null, d = 3) => (x === null ? '—' : x.toFixed(d));
      io.out(
        [
          `Capability of ${value} in ${path.basename(input)} (n = ${c.n}, LSL ${lsl}, USL ${usl}${target !== undefined ? `, target ${target}` : ''})`,
          `  mean ${c.mean.toPrecision(7)}  σ within ${c.sigma_within.toPrecision(5)} (${c.sigma_within_method})  σ overall ${c.sigma_overall.toPrecision(5)}`,
          `  Cp ${f(c.cp)}  Cpl ${f(c.cpl)}  Cpu ${f(c.cpu)}  Cpk ${f(c.cpk)}  Cpm ${f(c.cpm)}`,
          `  Pp ${f(c.pp)}  Ppl ${f(c.ppl)}  Ppu ${f(c.ppu)}  Ppk ${f(c.ppk)}`,
          `  out of spec: observed ${f(c.ppm_observed, 1)} ppm, expected ${f(c.ppm_expected, 1)} ppm (normal, σ within)`,
          ...normalityLines(values),
          ...(bc ? [`  Box-Cox λ = ${bc.lambda.toFixed(4)}${bc.lambdaGiven ? ' (given)' : ` (optimal; rounded ${bc.roundedLambda})`}: Cpk ${f(bc.capability.cpk)}  Ppk ${f(bc.capability.ppk)}  Pp ${f(bc.capability.pp)}${bc.dropped.length ? `  (${bc.dropped.join('; ')})` : ''}`] : []),
          ...(pc ? [`  percentile method (X0.135 ${pc.p00135.toPrecision(6)}, X50 ${pc.p50.toPrecision(6)}, X99.865 ${pc.p99865.toPrecision(6)}): Pp ${f(pc.pp)}  Ppl ${f(pc.ppl)}  Ppu ${f(pc.ppu)}  Ppk ${f(pc.ppk)}`, ...(pc.warning ? [`  note: ${pc.warning}`] : [])] : []),
        ].join('\n'),
      );
      return 0;
    }),
};
