import type { Output } from '../../../../common/contract/api';
import { FAIRNESS_METRICS } from '../../../../common/contract/schemas/analysis';
import type { Interval } from '../../../../common/domain/fairness/bootstrap';
import { sampleSizeIssues, SMALL_CLASS, SMALL_GROUP } from '../../../../common/domain/fairness/fairness';
import { fmt } from '../../format';
import { num, pct } from './format';
import { SweepChart } from './SweepChart';

type Out = Output<'analysis-fairness'>;

/** "12.3 % – 15.0 %" (rates) or "0.021 – 0.044" (disparities); empty without an interval. */
function ci(i: Interval | undefined, asPct: boolean): string {
  if (!i) return '';
  return asPct ? `${fmt().fixed(i[0] * 100, 1)}–${fmt().fixed(i[1] * 100, 1)} %` : `${num(i[0])} – ${num(i[1])}`;
}

/** A rate with its interval below it, smaller. */
function RateCell({ value, interval }: { value: number | null; interval?: Interval }) {
  return (
    <td>
      {pct(value)}
      {interval && <span className="ci">{ci(interval, true)}</span>}
    </td>
  );
}

/**
 * The assessment's tables: rates by group (with bootstrap intervals and the sample-size rule beside each group),
 * disparities between groups (with intervals) and to overall, and the threshold sweep when a score was given.
 */
export function FairnessResult({ output, groupLabel, threshold }: { output: Out; groupLabel: string; threshold: number | undefined }) {
  const r = output.report;
  const iv = output.intervals ?? null;
  const byGroup = new Map(iv?.groups.map((g) => [g.group, g]) ?? []);
  const level = iv ? `${fmt().fixed(iv.level * 100, 0)} %` : '';
  const linked = output.linked;
  return (
    <>
      {linked && (
        <p className="muted">
          Counted where the rows are ({linked.kind}: {linked.location}){linked.exact ? '' : '; approximate figures'}.
        </p>
      )}
      <table className="analysis-table" aria-label="Rates by group">
        {iv && <caption className="muted">Below each rate: its {level} percentile-bootstrap interval ({fmt().count(iv.resamples)} resamples within each group, seed {iv.seed}).</caption>}
        <thead><tr><th scope="col">{groupLabel}</th><th scope="col">rows</th><th scope="col">selection rate</th><th scope="col">TPR</th><th scope="col">FPR</th><th scope="col">precision</th><th scope="col" className="left">sample size</th></tr></thead>
        <tbody>
          {r.groups.map((g) => {
            const i = byGroup.get(g.group);
            const issues = sampleSizeIssues(g);
            return (
              <tr key={g.group}>
                <td>{g.group}</td>
                <td>{fmt().count(g.count)}</td>
                <RateCell value={g.selection_rate} interval={i?.selection_rate} />
                <RateCell value={g.tpr} interval={i?.tpr} />
                <RateCell value={g.fpr} interval={i?.fpr} />
                <RateCell value={g.precision} interval={i?.precision} />
                <td className={issues.length ? 'small-sample' : 'muted left'}>{issues.length ? `⚠ small: ${issues.join(', ')}` : 'ok'}</td>
              </tr>
            );
          })}
          <tr>
            <td><strong>overall</strong></td>
            <td>{fmt().count(r.overall.count)}</td>
            <RateCell value={r.overall.selection_rate} interval={iv?.overall.selection_rate} />
            <RateCell value={r.overall.tpr} interval={iv?.overall.tpr} />
            <RateCell value={r.overall.fpr} interval={iv?.overall.fpr} />
            <RateCell value={r.overall.precision} interval={iv?.overall.precision} />
            <td />
          </tr>
        </tbody>
      </table>
      <p className="analysis-help">Sample-size rule: a group is small when it has fewer than {SMALL_GROUP} rows, or fewer than {SMALL_CLASS} rows with the positive label (its TPR) or with the negative label (its FPR); its rates move in big steps, so read gaps involving it with care.</p>
      <table className="analysis-table" aria-label="Disparities">
        <thead><tr><th scope="col">metric</th><th scope="col">between groups</th>{iv && <th scope="col">{level} interval</th>}<th scope="col">to overall</th></tr></thead>
        <tbody>
          {FAIRNESS_METRICS.map((m) => (
            <tr key={m}><td>{m.replaceAll('_', ' ')}</td><td>{num(r[m])}</td>{iv && <td>{ci(iv.disparities[m], false) || 'undefined'}</td>}<td>{num(r.to_overall[m])}</td></tr>
          ))}
        </tbody>
      </table>
      {iv && <p className="analysis-help">Intervals: percentile bootstrap, {fmt().count(iv.resamples)} resamples, rows redrawn within each group (group sizes as observed), seed {iv.seed} — the same seed gives the same intervals. A difference (max − min) is biased upwards, so its interval can sit above a small point value.</p>}
      {output.sweep && output.sweep.groups.length > 0 && (
        <section aria-labelledby="fair-sweep-h">
          <h3 id="fair-sweep-h">Threshold sweep</h3>
          <SweepChart sweep={output.sweep} threshold={threshold} groupLabel={groupLabel} />
        </section>
      )}
    </>
  );
}
