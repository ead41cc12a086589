import type { ImportResult } from '../../../../common/contract/schemas/datasets';
import { formatCount } from './format';
import { fmt } from '../../format';

function headline(r: ImportResult): string {
  if (r.status === 'unchanged') return `Unchanged (same as version ${r.unchangedSameAs}): nothing new was imported.`;
  if (r.status === 'dry-run') return `Check: ${formatCount(r.rows)} rows would be imported and ${formatCount(r.rejected)} rejected.`;
  const delta = r.rowDelta === null ? '' : ` (${r.rowDelta >= 0 ? '+' : ''}${formatCount(r.rowDelta)} rows)`;
  return `Imported version ${r.version}: ${formatCount(r.rows)} rows${delta}, ${formatCount(r.rejected)} rejected, in ${fmt().fixed(r.seconds, 1)} s.`;
}

/** What an import did (or would do): rows, version, rejections per reason with the first 100, warnings. */
export function ImportSummary({ result }: { result: ImportResult }) {
  return (
    <div className="import-summary" data-testid="import-summary" role="status">
      <p className={result.rejected > 0 ? 'warning' : 'ok-banner'}>{headline(result)}</p>
      {result.rejectedByReason.length > 0 && (
        <table className="profile-top">
          <caption>Rejected rows by rule (they go to quarantine, never dropped silently)</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {result.rejectedByReason.map((r) => (
              <tr key={r.reason}>
                <td>{r.reason}</td>
                <td>{formatCount(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.firstRejections.length > 0 && (
        <details>
          <summary>First {result.firstRejections.length} rejections (line, column, value, reason)</summary>
          <ul className="rejections">
            {result.firstRejections.map((v, i) => (
              <li key={i}>
                line {v.line}, {v.column}: “{v.value ?? ''}” — {v.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {result.warnings.length > 0 && (
        <ul className="import-warnings" aria-label="Warnings">
          {result.warnings.map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
