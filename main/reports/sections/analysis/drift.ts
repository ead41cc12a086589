import type { AnalysisResult } from '../../../../common/contract/schemas/analysis';
import { explainDrift, formatP } from '../../../../common/domain/drift/explain';
import { psiBand } from '../../../../common/domain/drift/psi';
import type { PsiBand } from '../../../../common/domain/drift/psi';
import type { Block } from '../../model';
import { tableBlock } from '../../tableBlock';
import { histogramOverlaySvg } from '../../charts/resultCharts';
import { finite, list, num, pct, record, text } from './common';

const BANDS: readonly string[] = ['stable', 'moderate', 'significant'];

/** PSI with three decimals as the bands are read (0.866, 0.001); tiny values with two significant digits. */
export function psiText(v: number): string {
  return v !== 0 && Math.abs(v) < 0.001 ? v.toPrecision(2) : v.toFixed(3);
}

/**
 * A drift result: one summary row per feature (PSI, band, drift verdict, KS D and p), then per feature its PSI bins
 * table (counts, shares, each bin's contribution), the histogram overlay of the two windows and, in plain words, how
 * to read PSI next to the KS p-value (explainDrift).
 */
export function driftBlocks(r: AnalysisResult, prefix: string): Block[] {
  const res = record(r.result);
  if (!res) return [];
  const features = list(res.features);
  const errors = list(res.errors);
  const drifted = features.filter((f) => f.drift === true);
  const blocks: Block[] = [
    {
      kind: 'fields',
      items: [
        { label: 'Reference rows', value: num(res.referenceRows) },
        { label: 'Current rows', value: num(res.currentRows) },
        { label: 'Features drifted', value: `${drifted.length} of ${features.length}${drifted.length ? `: ${drifted.map((f) => text(f.column)).join(', ')}` : ''}` },
        { label: 'PSI threshold', value: num(features[0]?.threshold ?? record(r.params)?.threshold) },
        ...datasetDriftField(record(res.datasetDrift)),
      ],
    },
    tableBlock({
      id: `${prefix}-features`,
      title: 'Drift per feature (largest PSI first)',
      columns: [
        ['column', 'Feature'],
        ['method', 'Bins'],
        ['psi', 'PSI', 'number'],
        ['band', 'PSI band'],
        ['drift', 'Drift'],
        ['ksD', 'KS D', 'number'],
        ['ksP', 'KS p'],
        ['missing', 'Missing values', 'integer'],
      ],
      rows: features.map((f) => {
        const ks = record(f.ks);
        return [text(f.column), text(f.binning), finite(f.psi), text(f.band), f.drift === true, finite(ks?.statistic), finite(ks?.pvalue) === null ? '' : formatP(finite(ks?.pvalue)!), finite(f.missing)];
      }),
      empty: 'No feature could be compared.',
    }),
  ];
  blocks.push(...evidentlyBlocks(features, list(res.skipped), prefix));
  for (const e of errors) blocks.push({ kind: 'note', tone: 'warning', text: `${text(e.column)}: ${text(e.message)}` });
  features.forEach((f, i) => blocks.push(...featureBlocks(r, f, `${prefix}-${i + 1}`)));
  return blocks;
}

function featureBlocks(r: AnalysisResult, f: Record<string, unknown>, id: string): Block[] {
  const column = text(f.column);
  const psi = finite(f.psi);
  if (psi === null) return [];
  const threshold = finite(f.threshold) ?? 0.2;
  const band = (BANDS.includes(text(f.band)) ? text(f.band) : psiBand(psi)) as PsiBand;
  const detail = record(f.detail);
  const bins = list(detail?.bins).length > 0 ? list(detail?.bins) : list(f.bins);
  const ks = record(f.ks);
  const n = finite(detail?.referenceCount) ?? 0;
  const m = finite(detail?.currentCount) ?? 0;
  const blocks: Block[] = [{ kind: 'subheading', text: `${column}: PSI ${psiText(psi)} (${band})${f.drift === true ? ' — drift' : ''}` }];
  const ksP = finite(ks?.pvalue);
  blocks.push({
    kind: 'fields',
    items: [
      { label: 'PSI', value: `${psiText(psi)} — ${band}` },
      { label: 'Verdict', value: f.drift === true ? `drift (PSI ≥ ${threshold})` : `no drift (PSI < ${threshold})` },
      ...(ks ? [{ label: 'KS D', value: num(ks.statistic) }, { label: 'KS p', value: ksP === null ? '—' : `${formatP(ksP)} (${text(ks.method)})` }] : []),
      ...(n && m ? [{ label: 'Rows compared', value: `${n.toLocaleString('en-US')} reference, ${m.toLocaleString('en-US')} current` }] : []),
    ],
  });
  if (n > 0 && m > 0) blocks.push({ kind: 'text', text: explainDrift({ psi, band, threshold, ksP, n, m }).text });
  if (bins.length > 0) {
    const hasCounts = bins.some((b) => finite(b.referenceCount) !== null);
    blocks.push(tableBlock({
      id: `${id}-bins`,
      title: `${column}: PSI bins`,
      columns: [
        ['bin', 'Bin'],
        ...(hasCounts ? ([['refCount', 'Reference rows', 'integer']] as const) : []),
        ['ref', 'Reference', 'number', '%'],
        ...(hasCounts ? ([['curCount', 'Current rows', 'integer']] as const) : []),
        ['cur', 'Current', 'number', '%'],
        ['contribution', 'PSI term', 'number'],
      ],
      rows: bins.map((b) => {
        const ref = finite(b.reference);
        const cur = finite(b.current);
        const term = finite(b.contribution) ?? (ref !== null && cur !== null && ref > 0 && cur > 0 ? (cur - ref) * Math.log(cur / ref) : null);
        return [text(b.label), ...(hasCounts ? [finite(b.referenceCount)] : []), ref === null ? null : ref * 100, ...(hasCounts ? [finite(b.currentCount)] : []), cur === null ? null : cur * 100, term];
      }),
    }));
    const title = `${column}: reference vs current distribution`;
    const top = [...bins].sort((a, b) => Math.abs((finite(b.current) ?? 0) - (finite(b.reference) ?? 0)) - Math.abs((finite(a.current) ?? 0) - (finite(a.reference) ?? 0)))[0]!;
    blocks.push({
      kind: 'chart',
      chart: {
        id: `${id}-histogram`,
        title,
        svg: histogramOverlaySvg(bins.map((b) => ({ label: text(b.label), reference: finite(b.reference) ?? 0, current: finite(b.current) ?? 0 })), { title }),
        alt: `Share of rows per bin, ${bins.length} bins. Largest change in bin ${text(top.label)}: ${pct(top.reference)} of the reference window, ${pct(top.current)} of the current.`,
      },
    });
  }
  return blocks;
}

/** PSI per time bucket against the reference: first bucket over the threshold and the detection lag. */
export function driftSeriesBlocks(r: AnalysisResult, prefix: string): Block[] {
  const res = record(r.result);
  if (!res) return [];
  const points = list(res.points);
  const first = record(res.firstOver);
  const threshold = finite(res.threshold);
  return [
    {
      kind: 'fields',
      items: [
        { label: 'First bucket over the threshold', value: first ? `${text(first.date)} (PSI ${num(first.psi)})` : 'none' },
        { label: 'Threshold', value: num(threshold) },
        { label: 'Flagged by the team', value: text(res.flaggedAt) || '—' },
        { label: 'Detection lag', value: finite(res.lagDays) === null ? '—' : `${num(res.lagDays)} days` },
      ],
    },
    tableBlock({
      id: `${prefix}-points`,
      title: 'PSI per bucket',
      columns: [
        ['date', 'Bucket'],
        ['n', 'Rows', 'integer'],
        ['psi', 'PSI', 'number'],
        ['over', 'Over threshold'],
      ],
      rows: points.map((p) => [text(p.date), finite(p.n), finite(p.psi), finite(p.psi) === null || threshold === null ? '' : finite(p.psi)! >= threshold]),
      empty: 'No bucket had enough rows.',
    }),
  ];
}

/** Prediction confidence per bucket: p10/p50/p90 and the share below the low-confidence threshold. */
export function confidenceBlocks(r: AnalysisResult, prefix: string): Block[] {
  const res = record(r.result);
  if (!res) return [];
  const overall = record(res.overall);
  return [
    {
      kind: 'fields',
      items: [
        { label: 'Predictions', value: num(overall?.n) },
        { label: 'Median confidence', value: num(overall?.p50) },
        { label: `Share below ${num(res.lowThreshold)}`, value: pct(overall?.lowShare) },
      ],
    },
    tableBlock({
      id: `${prefix}-points`,
      title: 'Confidence per bucket',
      columns: [
        ['date', 'Bucket'],
        ['n', 'Predictions', 'integer'],
        ['p10', 'p10', 'number'],
        ['p50', 'p50', 'number'],
        ['p90', 'p90', 'number'],
        ['low', 'Low-confidence share', 'number', '%'],
      ],
      rows: list(res.points).map((p) => [text(p.date), finite(p.n), finite(p.p10), finite(p.p50), finite(p.p90), finite(p.lowShare) === null ? null : finite(p.lowShare)! * 100]),
    }),
  ];
}

/** Evidently's dataset-level verdict (issue 20), when the result carries it. */
function datasetDriftField(d: Record<string, unknown> | null): { label: string; value: string }[] {
  const columns = finite(d?.columns);
  const drifted = finite(d?.drifted);
  const share = finite(d?.share);
  const threshold = finite(d?.threshold);
  if (columns === null || drifted === null || share === null || threshold === null) return [];
  const verdict = d?.drift === true ? 'dataset drift' : 'no dataset drift';
  return [{ label: 'Dataset drift', value: `${verdict}: ${drifted} of ${columns} columns drifted (${(share * 100).toFixed(0)} %) by Evidently's default test per column; dataset drift at ≥ ${(threshold * 100).toFixed(0)} %` }];
}

const P_TESTS = new Set(['ks', 'chisquare', 'z']);

/**
 * Each column's Evidently default test (name, score, threshold, verdict) with the p-value (KS or χ²) and the distance
 * (Wasserstein ÷ reference SD, or Jensen–Shannon in base 2), and the columns left out with the reason. Results saved
 * before issue 20 carry no `stats`: nothing is added for them.
 */
function evidentlyBlocks(features: Record<string, unknown>[], skipped: Record<string, unknown>[], prefix: string): Block[] {
  const withStats = features.filter((f) => record(record(f.stats)?.test) !== null);
  const blocks: Block[] = [];
  if (withStats.length > 0) {
    blocks.push(tableBlock({
      id: `${prefix}-tests`,
      title: "Evidently's default test per column",
      columns: [
        ['column', 'Feature'],
        ['kind', 'Kind'],
        ['test', 'Test'],
        ['score', 'Score'],
        ['rule', 'Drift when'],
        ['verdict', 'Verdict'],
        ['p', 'KS or χ² p'],
        ['distance', 'Wasserstein ÷ SD or Jensen–Shannon (base 2)', 'number'],
      ],
      rows: withStats.map((f) => {
        const st = record(f.stats)!;
        const t = record(st.test)!;
        const isP = P_TESTS.has(text(t.name));
        const score = finite(t.score);
        const p = finite(record(f.ks)?.pvalue) ?? finite(record(st.chiSquare)?.pvalue);
        const distance = finite(record(st.wasserstein)?.normed) ?? finite(st.jensenShannon);
        return [
          text(f.column),
          text(st.kind),
          text(t.label),
          score === null ? '' : isP ? formatP(score) : psiText(score),
          `${isP ? 'p <' : '≥'} ${num(t.threshold)}`,
          t.drift === true ? 'drift' : 'no drift',
          p === null ? '' : formatP(p),
          distance,
        ];
      }),
    }));
  }
  if (skipped.length > 0) blocks.push({ kind: 'note', tone: 'info', text: `Not compared: ${skipped.map((k) => `${text(k.column)} (${text(k.reason)})`).join('; ')}.` });
  return blocks;
}
