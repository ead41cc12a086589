import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { computeCapability } from '../../../common/domain/spc/capability';
import { readTableFile } from '../../importers/readTableFile';
import { subgroupsFromColumns } from '../../services/spc/series';
import type { Command } from '../command';
import { guarded, numberFlag, parse, printJson, requireFlag } from '../command';

const FIELDS = ['mean', 'sigma_within', 'sigma_overall', 'cp', 'cpl', 'cpu', 'cpk', 'cpm', 'pp', 'ppl', 'ppu', 'ppk', 'ppm_observed', 'ppm_expected'] as const;

export const capabilityCommand: Command = {
  name: 'capability',
  summary: 'Process capability (Cp, Cpk, Cpm, Pp, Ppk, ppm out of spec) from a data file',
  usage: 'kaizen capability --input FILE --value COL [--subgroup COL | --subgroup-size N] --lsl A --usl B [--target T] [--within rbar|pooled] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values: v } = parse(argv, {
        input: { type: 'string' },
        value: { type: 'string' },
        subgroup: { type: 'string' },
        'subgroup-size': { type: 'string' },
        lsl: { type: 'string' },
        usl: { type: 'string' },
        target: { type: 'string' },
        within: { type: 'string' },
        json: { type: 'boolean' },
      });
      const input = requireFlag(v.input, '--input');
      const value = requireFlag(v.value, '--value');
      const lsl = numberFlag(requireFlag(v.lsl, '--lsl'), '--lsl');
      const usl = numberFlag(requireFlag(v.usl, '--usl'), '--usl');
      const target = numberFlag(v.target, '--target');
      // σ_within for subgroups: R̄/d2 (qcc's default, ours) or pooled SD/c4 (Minitab's default).
      const within = v.within ?? 'rbar';
      if (within !== 'rbar' && within !== 'pooled') throw new AppError('BAD_INPUT', `--within must be rbar or pooled (got "${within}").`);
      const table = await readTableFile(input);
      const grouped = v.subgroup !== undefined || v['subgroup-size'] !== undefined;
      const subgroups = subgroupsFromColumns(table.columns, {
        chart: grouped ? 'xbar-r' : 'imr',
        value,
        subgroup: v.subgroup,
        subgroupSize: numberFlag(v['subgroup-size'], '--subgroup-size'),
        source: path.basename(input),
      });
      const c = computeCapability({ subgroups: subgroups.map((g) => g.values), lsl, usl, target, withinMethod: within });
      if (v.json) {
        // Exactly the issue's fields; the σ_within method is printed by the text output.
        printJson(io, Object.fromEntries(FIELDS.map((f) => [f, c[f]])));
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
        ].join('\n'),
      );
      return 0;
    }),
};
