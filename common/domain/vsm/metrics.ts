import type { Duration, Stage } from './types';
import { toMs } from './units';

/** The parts of a stage the metrics read. */
export type MetricStage = Pick<Stage, 'id' | 'name' | 'pt' | 'wt' | 'ca' | 'uptime' | 'parallelGroup' | 'reworkToId' | 'reworkShare'>;
export type MetricMap = Readonly<{ stages: readonly MetricStage[]; demand: number | null; availableTime: Duration | null }>;

export type StageMetrics = Readonly<{
  stageId: string;
  name: string;
  ptMs: number;
  wtMs: number;
  /** Expected passes through the stage: Π 1/(1 − r) over the rework loops covering it. */
  reworkMultiplier: number;
  /** (WT + PT) × reworkMultiplier: the stage's expected contribution to its branch. */
  expectedMs: number;
  /** PT × reworkMultiplier ÷ uptime: what the constraint and takt comparison use. */
  effectivePtMs: number;
  /** expectedMs ÷ lead time (0 when lead time is 0). */
  shareOfLeadTime: number;
  block: number;
  onCriticalPath: boolean;
  aboveTakt: boolean;
}>;

export type LadderStep = Readonly<{ stageId: string; name: string; waitMs: number; processMs: number }>;
export type Constraint = Readonly<{ stageId: string; name: string; criterion: 'above-takt' | 'largest-pt'; effectivePtMs: number; explanation: string }>;
export type Warning = Readonly<{ stageId: string | null; message: string }>;

export type VsmMetrics = Readonly<{
  leadTimeMs: number;
  processTimeMs: number;
  waitTimeMs: number;
  /** Process cycle efficiency = PT ÷ LT; null when LT is 0. */
  pce: number | null;
  /** Rolled %C&A as a ratio, product over stages with a value; null when none has one. */
  rolledCa: number | null;
  caKnown: number;
  taktMs: number | null;
  constraint: Constraint | null;
  stages: readonly StageMetrics[];
  /** Stage ids grouped into sequential blocks; a block with more than one id is a set of parallel branches. */
  blocks: readonly (readonly string[])[];
  ladder: readonly LadderStep[];
  warnings: readonly Warning[];
}>;

/** Consecutive stages sharing a non-empty parallelGroup form one block of parallel branches. */
export function groupBlocks(stages: readonly Pick<MetricStage, 'id' | 'parallelGroup'>[]): string[][] {
  const blocks: string[][] = [];
  let group = '';
  for (const s of stages) {
    const g = s.parallelGroup.trim();
    if (g && g === group) blocks[blocks.length - 1]!.push(s.id);
    else blocks.push([s.id]);
    group = g;
  }
  return blocks;
}

/**
 * Rework multipliers per block. A loop from stage S back to stage T with share r means a share r of items
 * go round again, so the expected number of passes through every block from T's to S's is the geometric
 * series 1 + r + r² + … = 1/(1 − r). Overlapping loops multiply. Loops pointing forward are ignored (warned).
 */
export function reworkMultipliers(stages: readonly MetricStage[], blocks: readonly (readonly string[])[], warnings: Warning[]): number[] {
  const blockOf = new Map<string, number>();
  blocks.forEach((b, i) => b.forEach((id) => blockOf.set(id, i)));
  const mult = blocks.map(() => 1);
  for (const s of stages) {
    if (!s.reworkToId || s.reworkShare <= 0) continue;
    const from = blockOf.get(s.id)!;
    const to = blockOf.get(s.reworkToId);
    if (to === undefined) {
      warnings.push({ stageId: s.id, message: `${s.name}: the rework loop points to a stage that is not on this map; it is ignored.` });
      continue;
    }
    if (to > from) {
      warnings.push({ stageId: s.id, message: `${s.name}: a rework loop must go back to this or an earlier stage; it is ignored.` });
      continue;
    }
    for (let b = to; b <= from; b++) mult[b]! /= 1 - s.reworkShare;
  }
  return mult;
}

/**
 * Lean metrics of a value-stream map (Rother & Shook, "Learning to See", 1999; Martin & Osterling,
 * "Value Stream Mapping", 2014, ch. 3 for %C&A and rolled %C&A).
 *
 * - Stage expected time eᵢ = (WTᵢ + PTᵢ) · mᵢ, mᵢ = Π 1/(1 − r) over rework loops covering the stage.
 * - A block of parallel branches contributes its longest branch: LT = Σ_blocks max_branch eᵢ.
 * - Total PT = Σ_blocks PT·m of the critical (longest) branch, so PT ≤ LT and PCE = PT ÷ LT ≤ 1.
 *   Work done on shorter branches is real effort but does not lengthen the flow.
 * - Rolled %C&A = Π (%C&Aᵢ / 100) over every stage with a value, branches included (each item passes all
 *   branches). It is a first-pass figure: rework loops do not change it.
 * - Takt = available time ÷ demand (same period).
 * - Constraint: the stage with the largest effective PT = PT · m ÷ uptime. Its criterion is "above-takt"
 *   when takt is set and the effective PT exceeds it, else "largest-pt".
 * Missing PT or WT count as 0 and are listed in `warnings`.
 */
export function computeMetrics(map: MetricMap): VsmMetrics {
  const warnings: Warning[] = [];
  const blocks = groupBlocks(map.stages);
  const mult = reworkMultipliers(map.stages, blocks, warnings);
  const byId = new Map(map.stages.map((s) => [s.id, s]));
  const taktMs = map.demand && map.availableTime ? toMs(map.availableTime)! / map.demand : null;
  const raw = new Map<string, { pt: number; wt: number; m: number; e: number; eff: number; block: number }>();
  blocks.forEach((ids, b) => {
    for (const id of ids) {
      const s = byId.get(id)!;
      const pt = toMs(s.pt) ?? 0;
      const wt = toMs(s.wt) ?? 0;
      if (s.pt === null) warnings.push({ stageId: id, message: `${s.name}: process time is missing (counted as 0).` });
      const m = mult[b]!;
      const up = s.uptime !== null && s.uptime > 0 ? s.uptime / 100 : 1;
      raw.set(id, { pt, wt, m, e: (wt + pt) * m, eff: (pt * m) / up, block: b });
    }
  });
  let lead = 0;
  let proc = 0;
  const critical = new Set<string>();
  const ladder: LadderStep[] = [];
  for (const ids of blocks) {
    let best = ids[0]!;
    for (const id of ids) if (raw.get(id)!.e > raw.get(best)!.e) best = id;
    const r = raw.get(best)!;
    critical.add(best);
    lead += r.e;
    proc += r.pt * r.m;
    ladder.push({ stageId: best, name: byId.get(best)!.name, waitMs: r.wt * r.m, processMs: r.pt * r.m });
  }
  const withCa = map.stages.filter((s) => s.ca !== null);
  const rolledCa = withCa.length ? withCa.reduce((p, s) => p * (s.ca! / 100), 1) : null;
  let top: MetricStage | null = null;
  for (const s of map.stages) if (raw.get(s.id)!.eff > 0 && (!top || raw.get(s.id)!.eff > raw.get(top.id)!.eff)) top = s;
  const above = (id: string) => taktMs !== null && raw.get(id)!.eff > taktMs;
  const constraint: Constraint | null = top
    ? {
        stageId: top.id,
        name: top.name,
        criterion: above(top.id) ? 'above-takt' : 'largest-pt',
        effectivePtMs: raw.get(top.id)!.eff,
        explanation: above(top.id)
          ? `${top.name} takes longer per item than the takt time, so it cannot keep up with demand.`
          : `${top.name} has the largest process time per item${taktMs !== null ? ' (every stage is within takt)' : ''}.`,
      }
    : null;
  const stages: StageMetrics[] = map.stages.map((s) => {
    const r = raw.get(s.id)!;
    return {
      stageId: s.id,
      name: s.name,
      ptMs: r.pt,
      wtMs: r.wt,
      reworkMultiplier: r.m,
      expectedMs: r.e,
      effectivePtMs: r.eff,
      shareOfLeadTime: lead > 0 ? r.e / lead : 0,
      block: r.block,
      onCriticalPath: critical.has(s.id),
      aboveTakt: above(s.id),
    };
  });
  return {
    leadTimeMs: lead,
    processTimeMs: proc,
    waitTimeMs: lead - proc,
    pce: lead > 0 ? proc / lead : null,
    rolledCa,
    caKnown: withCa.length,
    taktMs,
    constraint,
    stages,
    blocks,
    ladder,
    warnings,
  };
}
