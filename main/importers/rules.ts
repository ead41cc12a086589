import { AppError } from '../../common/contract/errors';
import type { Rule, Violation } from '../../common/contract/schemas/datasets';
import type { Cell } from './convert';

/** A compiled rule: checks one converted value (and the raw text) of one column. */
export type RuleCheck = Readonly<{
  index: number;
  column: string;
  rule: string;
  check: (value: Cell, raw: string | null) => string | null;
}>;

function describe(r: Rule): string {
  switch (r.kind) {
    case 'required':
      return 'required';
    case 'min':
      return `min ${r.value}`;
    case 'max':
      return `max ${r.value}`;
    case 'allowed':
      return 'allowed values';
    case 'regex':
      return `pattern ${r.pattern}`;
    case 'unique':
      return 'unique';
  }
}

/**
 * Compiles rules against the stored column names. `seen` holds values already in the dataset (append),
 * so "unique" also holds across versions. Unknown columns and bad patterns are VALIDATION errors.
 */
export function compileRules(rules: readonly Rule[], columns: readonly string[], seen: Map<string, Set<Cell>> = new Map()): RuleCheck[] {
  return rules.map((r) => {
    const index = columns.indexOf(r.column);
    if (index < 0) throw new AppError('VALIDATION', `Rule "${describe(r)}" names column "${r.column}", which is not in the import (columns: ${columns.join(', ')}).`);
    const rule = `${r.column}: ${describe(r)}`;
    switch (r.kind) {
      case 'required':
        return { index, column: r.column, rule, check: (v) => (v === null ? 'missing value' : null) };
      case 'min':
        return { index, column: r.column, rule, check: (v) => (typeof v === 'number' && v < r.value ? `below the minimum ${r.value}` : null) };
      case 'max':
        return { index, column: r.column, rule, check: (v) => (typeof v === 'number' && v > r.value ? `above the maximum ${r.value}` : null) };
      case 'allowed': {
        const allowed = new Set(r.values);
        return { index, column: r.column, rule, check: (_v, raw) => (raw !== null && raw !== '' && !allowed.has(raw) ? `"${raw}" is not an allowed value` : null) };
      }
      case 'regex': {
        let re: RegExp;
        try {
          re = new RegExp(`^(?:${r.pattern})$`, 'u');
        } catch (e) {
          throw new AppError('VALIDATION', `Rule for "${r.column}": the pattern ${r.pattern} is not a valid regular expression (${(e as Error).message}).`);
        }
        return { index, column: r.column, rule, check: (_v, raw) => (raw !== null && raw !== '' && !re.test(raw) ? `does not match ${r.pattern}` : null) };
      }
      case 'unique': {
        const set = seen.get(r.column) ?? new Set<Cell>();
        return {
          index,
          column: r.column,
          rule,
          check: (v) => {
            if (v === null) return null;
            if (set.has(v)) return 'duplicate value';
            set.add(v);
            return null;
          },
        };
      }
    }
  });
}

/** Tallies violations: counts per rule, the first 100 for the summary, and all of them for quarantine. */
export class ViolationLog {
  readonly byRule = new Map<string, number>();
  readonly first: Violation[] = [];
  rejectedRows = 0;
  constructor(private readonly sink: ((v: Violation[]) => void) | null) {}

  add(vs: Violation[]): void {
    this.rejectedRows++;
    for (const v of vs) {
      this.byRule.set(v.rule, (this.byRule.get(v.rule) ?? 0) + 1);
      if (this.first.length < 100) this.first.push(v);
    }
    this.sink?.(vs);
  }

  summary(): { reason: string; count: number }[] {
    return [...this.byRule.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  }
}
