import { useState } from 'react';
import type { VersionInfo } from '../../../../common/contract/schemas/datasets';
import { useCall } from '../../api/useCall';
import { describeRule } from './RulesEditor';
import { formatBytes, formatCount } from './format';

/** The quarantined rows of one version: counts per rule and the first 100 (line, column, value, reason). */
function Quarantine({ versionId }: { versionId: string }) {
  const q = useCall('dataset-quarantine', { versionId, limit: 100 }, ['datasets']);
  if (q.error) return <p className="error-banner">{q.error}</p>;
  if (!q.data) return <p className="muted">Loading…</p>;
  return (
    <div data-testid="quarantine">
      <p>
        {formatCount(q.data.total)} rule violations: {q.data.byReason.map((r) => `${r.reason} × ${formatCount(r.count)}`).join('; ')}
      </p>
      <ul className="rejections">
        {q.data.rows.map((v, i) => (
          <li key={i}>
            line {v.line}, {v.column}: “{v.value ?? ''}” — {v.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Lineage: each version's file, size, modified time, SHA-256, options, rules, and what uses it. */
export function VersionsPanel({ versions }: { versions: VersionInfo[] }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ol className="versions" reversed data-testid="versions-panel">
      {[...versions].reverse().map((v) => (
        <li key={v.id} className="card version-card">
          <h3>
            Version {v.version} <span className="badge">{v.mode === 'append' ? `append +${formatCount(v.ownRows)}` : 'full'}</span>
          </h3>
          <dl className="profile-stats">
            <dt>Rows</dt>
            <dd>
              {formatCount(v.rowCount)} ({formatCount(v.rejectedCount)} rejected to quarantine)
            </dd>
            <dt>File</dt>
            <dd>
              {v.fileName} · {formatBytes(v.fileSize)} · modified {v.fileMtime?.replace('.000Z', 'Z') ?? '—'}
            </dd>
            <dt>SHA-256</dt>
            <dd className="mono">{v.sha256}</dd>
            <dt>Imported</dt>
            <dd>{v.importedAt}</dd>
            <dt>Options</dt>
            <dd className="mono">{Object.entries(v.options).filter(([k]) => k !== 'privacy').map(([k, val]) => `${k}=${JSON.stringify(val)}`).join(' ')}</dd>
            <dt>Rules</dt>
            <dd>{v.rules.length === 0 ? 'none' : v.rules.map(describeRule).join('; ')}</dd>
            {v.droppedColumns.length > 0 && (
              <>
                <dt>Dropped (personal)</dt>
                <dd>{v.droppedColumns.join(', ')}</dd>
              </>
            )}
            <dt>Used by</dt>
            <dd>{v.uses.length === 0 ? 'nothing yet (charts and KPIs that read this version appear here)' : v.uses.map((u) => u.label).join('; ')}</dd>
          </dl>
          {v.rejectedCount > 0 && (
            <button type="button" className="btn btn-small" aria-expanded={open === v.id} onClick={() => setOpen(open === v.id ? null : v.id)}>
              {open === v.id ? 'Hide quarantined rows' : `Show quarantined rows (${formatCount(v.rejectedCount)})`}
            </button>
          )}
          {open === v.id && <Quarantine versionId={v.id} />}
        </li>
      ))}
    </ol>
  );
}
