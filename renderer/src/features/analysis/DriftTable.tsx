import { useMemo, useState } from 'react';
import type { DriftFeature } from '../../../../common/contract/schemas/analysis';
import { EVIDENTLY_TESTS } from '../../../../common/domain/drift/columnDrift';
import type { DatasetDrift, EvidentlyTest } from '../../../../common/domain/drift/columnDrift';
import { fmt } from '../../format';
import { BAND_LABEL, num, pvalue } from './format';
import './driftTable.css';

const isP = (t: EvidentlyTest) => EVIDENTLY_TESTS[t].score === 'p-value';
/** Short names for the table cell (the full name is in the cell's title and in the reading below the table). */
const SHORT: Record<EvidentlyTest, string> = { ks: 'KS p', chisquare: 'χ² p', z: 'z-test p', wasserstein: 'Wasserstein', jensenshannon: 'Jensen–Shannon' };

type SortKey = 'feature' | 'psi' | 'ks' | 'p' | 'distance' | 'test';
const LABEL: Record<SortKey, string> = { feature: 'feature', psi: 'PSI', ks: 'KS D', p: 'p-value', distance: 'distance', test: 'Evidently test' };

/** The p-value shown for a column: KS for numbers, χ² for categories (null: a single category). */
function pOf(f: DriftFeature): { p: number; what: string } | null {
  if (f.ks) return { p: f.ks.pvalue, what: `KS, ${f.ks.method}` };
  const chi = f.stats?.chiSquare;
  return chi ? { p: chi.pvalue, what: 'χ²' } : null;
}

/** The distance shown: Wasserstein in reference SDs for numbers, Jensen–Shannon (base 2) for categories. */
function distanceOf(f: DriftFeature): { d: number; what: string } | null {
  const s = f.stats;
  if (s?.wasserstein) return { d: s.wasserstein.normed, what: 'Wasserstein, in reference SDs' };
  if (s?.jensenShannon !== undefined) return { d: s.jensenShannon, what: 'Jensen–Shannon, base 2' };
  return null;
}

function sortValue(f: DriftFeature, key: SortKey): number | string {
  if (key === 'feature') return f.column;
  if (key === 'psi') return f.psi;
  if (key === 'ks') return f.ks?.statistic ?? -1;
  if (key === 'p') return pOf(f)?.p ?? 2;
  if (key === 'distance') return distanceOf(f)?.d ?? -1;
  // Drifted columns first, then by how far the score is past its threshold.
  const t = f.stats?.test;
  if (!t) return -Infinity;
  const past = isP(t.name) ? -Math.log10(Math.max(t.score, 1e-300) / t.threshold) : t.score / t.threshold;
  return (t.drift ? 1e6 : 0) + past;
}

/** Ascending for names and p-values, descending for sizes: the natural first click. */
const FIRST_DIR: Record<SortKey, 1 | -1> = { feature: 1, psi: -1, ks: -1, p: 1, distance: -1, test: -1 };

type Props = Readonly<{ features: readonly DriftFeature[]; selected: string | null; onSelect: (column: string) => void; threshold: number }>;

/**
 * Drift by column: PSI and its band, KS, the p-value (KS or χ²), the distance (Wasserstein or Jensen–Shannon), and
 * Evidently's default test with its score, threshold and verdict. Every header sorts; PSI, largest first, by default.
 */
export function DriftTable({ features, selected, onSelect, threshold }: Props) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'psi', dir: -1 });
  const rows = useMemo(() => {
    const out = [...features];
    out.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      return (typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number)) * sort.dir;
    });
    return out;
  }, [features, sort]);
  const header = (key: SortKey, title?: string) => {
    const on = sort.key === key;
    return (
      <th scope="col" aria-sort={on ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} title={title}>
        <button type="button" className="sort-button" onClick={() => setSort(on ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: FIRST_DIR[key] })}>
          {LABEL[key]}
          <span aria-hidden="true">{on ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };
  const label = `Drift by feature, sorted by ${LABEL[sort.key]}${sort.key === 'psi' && sort.dir === -1 ? '' : sort.dir === 1 ? ', ascending' : ', descending'}`;
  return (
    <div className="drift-table-wrap">
      <table className="analysis-table drift-table" aria-label={label}>
        <thead>
          <tr>
            {header('feature')}
            {header('psi')}
            <th scope="col">band</th>
            <th scope="col" title={`PSI ≥ ${threshold}`}>PSI alert</th>
            {header('ks', 'Two-sample Kolmogorov–Smirnov statistic (numbers)')}
            {header('p', 'KS p-value for numbers, χ² p-value for categories')}
            {header('distance', 'Wasserstein distance ÷ reference SD for numbers; Jensen–Shannon distance (base 2, 0–1) for categories')}
            {header('test', "Evidently's default test for this column and its verdict")}
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => {
            const p = pOf(f);
            const d = distanceOf(f);
            const t = f.stats?.test;
            return (
              <tr key={f.column} className={f.column === selected ? 'selected' : undefined}>
                <td><button type="button" className="linkish" onClick={() => onSelect(f.column)} aria-pressed={f.column === selected}>{f.column}</button></td>
                <td>{num(f.psi, 3)}</td>
                <td className={`band-${f.band}`} title={BAND_LABEL[f.band]}>{f.band}</td>
                <td>{f.drift ? '⚠ drift' : 'no'}</td>
                <td>{f.ks ? num(f.ks.statistic, 3) : '—'}</td>
                <td className="nowrap" title={p?.what}>{p ? <>{pvalue(p.p)} <span className="muted">{p.what.startsWith('KS') ? 'KS' : 'χ²'}</span></> : '—'}</td>
                <td className="nowrap" title={d?.what}>{d ? <>{num(d.d, 3)} <span className="muted">{d.what.startsWith('W') ? 'W/SD' : 'JS'}</span></> : '—'}</td>
                <td className="drift-test" title={t ? `${t.label}: ${t.why}` : undefined}>
                  {t ? (
                    <>
                      <span className={t.drift ? 'test-drift' : 'test-ok'}>{t.drift ? '⚠ drift' : 'no drift'}</span>{' '}
                      <span className="muted test-detail">{SHORT[t.name]} {isP(t.name) ? `${pvalue(t.score)} ${t.drift ? '<' : '≥'} ${t.threshold}` : `${num(t.score, 3)} ${t.drift ? '≥' : '<'} ${t.threshold}`}</span>
                    </>
                  ) : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Evidently's dataset-level verdict: share of drifted columns against the drift share. */
export function DatasetDriftVerdict({ d, skipped }: Readonly<{ d: DatasetDrift; skipped: readonly { column: string; reason: string }[] }>) {
  return (
    <div className={`dataset-drift ${d.drift ? 'is-drift' : ''}`} role="status" aria-label="Dataset drift">
      <strong>{d.drift ? '⚠ Dataset drift' : 'No dataset drift'}:</strong> {d.drifted} of {d.columns} columns drifted ({fmt().fixed(d.share * 100, 0)} %) by
      Evidently&apos;s default test per column; dataset drift when the share is at least {fmt().fixed(d.threshold * 100, 0)} %.
      {skipped.length > 0 && (
        <details className="drift-skipped">
          <summary>{skipped.length} column{skipped.length === 1 ? '' : 's'} not compared</summary>
          <ul>{skipped.map((k) => <li key={k.column}><strong>{k.column}</strong>: {k.reason}</li>)}</ul>
        </details>
      )}
    </div>
  );
}
