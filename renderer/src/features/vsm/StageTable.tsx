import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { totalsUnit } from '../../../../common/domain/vsm/units';
import { duration, percent } from './localUnits';
import { fmt } from '../../format';

/** The map as a table: the drawing's text alternative and the timeline ladder in numbers. */
export function StageTable({ map, metrics }: Readonly<{ map: VsmMap; metrics: VsmMetrics }>) {
  const u = totalsUnit(map.displayUnit, ...metrics.stages.flatMap((s) => [s.ptMs, s.wtMs]));
  return (
    <details className="vsm-stage-table">
      <summary>Stages as a table (timeline ladder)</summary>
      <table className="vsm-table">
        <caption className="visually-hidden">Stages of {map.name} with wait, process time, share of lead time and source</caption>
        <thead>
          <tr><th scope="col">#</th><th scope="col">Stage</th><th scope="col">Wait</th><th scope="col">Process</th><th scope="col">%C&amp;A</th><th scope="col">Share of LT</th><th scope="col">Source</th></tr>
        </thead>
        <tbody>
          {map.stages.map((s, i) => {
            const m = metrics.stages.find((x) => x.stageId === s.id)!;
            const f = s.filled.pt ?? s.filled.wt ?? s.filled.ca;
            return (
              <tr key={s.id} className={metrics.constraint?.stageId === s.id ? 'vsm-row-constraint' : undefined}>
                <td>{i + 1}</td>
                <th scope="row">{s.name}{metrics.constraint?.stageId === s.id ? ' (constraint)' : ''}</th>
                <td>{duration(m.wtMs, u)}</td>
                <td>{duration(m.ptMs, u)}{m.reworkMultiplier > 1 ? ` ×${fmt().number(m.reworkMultiplier, 2)}` : ''}</td>
                <td>{s.ca === null ? '—' : `${s.ca} %`}</td>
                <td>{percent(m.shareOfLeadTime)}</td>
                <td>{f ? `log n=${f.sampleSize}, v${f.version}${Object.values(s.filled).some((x) => x?.overridden) ? ', edited' : ''}` : 'typed in'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
