import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import { stageDeltas } from '../../../../common/domain/vsm/deltas';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { formatDuration, totalsUnit } from '../../../../common/domain/vsm/units';
import { MapCanvas } from './MapCanvas';

/** Current and future state side by side, with the per-stage change in expected time. */
export function CompareView({ current, currentMetrics, future, futureMetrics, height }: Readonly<{ current: VsmMap; currentMetrics: VsmMetrics; future: VsmMap; futureMetrics: VsmMetrics; height: number }>) {
  const rows = stageDeltas(currentMetrics, futureMetrics);
  const u = totalsUnit(future.displayUnit, ...rows.flatMap((r) => [r.currentMs, r.futureMs]));
  return (
    <div className="vsm-compare" data-testid="vsm-compare">
      <div className="vsm-compare-maps">
        <figure><figcaption>Current: {current.name}</figcaption><MapCanvas map={current} metrics={currentMetrics} height={height} label={`Current state ${current.name}`} /></figure>
        <figure><figcaption>Future: {future.name}</figcaption><MapCanvas map={future} metrics={futureMetrics} height={height} label={`Future state ${future.name}`} /></figure>
      </div>
      <table className="vsm-table">
        <caption>Change per stage (wait + process, rework included)</caption>
        <thead><tr><th scope="col">Stage</th><th scope="col">Current</th><th scope="col">Future</th><th scope="col">Change</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td>{r.currentMs === null ? 'not in current' : formatDuration(r.currentMs, u)}</td>
              <td>{r.futureMs === null ? 'removed' : formatDuration(r.futureMs, u)}</td>
              <td className={r.delta === null || r.delta === 0 ? undefined : r.delta < 0 ? 'vsm-better' : 'vsm-worse'}>{r.delta === null ? '—' : r.delta === 0 ? 'no change' : `${r.delta < 0 ? '−' : '+'}${formatDuration(Math.abs(r.delta), u)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
