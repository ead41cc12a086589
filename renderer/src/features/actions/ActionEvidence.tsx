import { useState } from 'react';
import { AppError } from '../../../../common/contract/errors';
import type { ActionEvidence, KaizenAction } from '../../../../common/contract/schemas/actions';
import { useCall } from '../../api/useCall';
import { fmt } from '../../format';

/** The evidence when the service refused "verified" (details.reason 'evidence-needed'), else null. */
export function evidenceNeeded(e: unknown): ActionEvidence | null {
  if (!(e instanceof AppError) || typeof e.details !== 'object' || e.details === null) return null;
  const d = e.details as { reason?: unknown; evidence?: ActionEvidence };
  return d.reason === 'evidence-needed' && d.evidence ? d.evidence : null;
}

/** Expected vs actual effect of a done or verified action on its KPI (recomputed as the KPI's data changes). */
export function EvidenceLine({ a }: Readonly<{ a: KaizenAction }>) {
  const show = a.expectedEffect !== null && (a.status === 'done' || a.status === 'verified');
  const { data } = useCall('action-evidence', show ? { id: a.id } : null, ['actions', 'kpis', 'datasets']);
  if (!show || !data) return null;
  return (
    <span className={`evidence ${data.shown ? 'evidence-shown' : 'evidence-missing'}`} data-testid="action-evidence" title={data.message}>
      Actual: {data.actual ?? 'not measurable yet'}
      {data.mannWhitneyP !== null && ` (Mann–Whitney p ${data.mannWhitneyP < 0.001 ? '< 0.001' : `= ${fmt().fixed(data.mannWhitneyP, 3)}`})`}
      {data.shown ? ' — shown' : ' — not shown'}
      {a.verification?.by === 'override' && ` · verified by override: ${a.verification.reason ?? ''}`}
    </span>
  );
}

type PromptProps = Readonly<{
  title: string;
  evidence: ActionEvidence;
  onOverride: (reason: string) => Promise<unknown>;
  onCancel: () => void;
}>;

/** "Verified" was refused: the reasoning in words, and an override with a reason (logged in the change log). */
export function VerifyOverridePrompt({ title, evidence, onOverride, onCancel }: PromptProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onOverride(reason.trim());
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="freeze-override" role="group" aria-label={`Verify "${title}" without the evidence`}>
      <p>
        <strong>Not verified yet.</strong> Expected: {evidence.expected}. {evidence.message}
      </p>
      <div className="field">
        <label htmlFor={`vo-reason-${evidence.kpiId ?? 'kpi'}`}>Verify anyway because (logged)</label>
        <input id={`vo-reason-${evidence.kpiId ?? 'kpi'}`} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="field-row">
        <button type="button" className="btn btn-small" disabled={busy || reason.trim().length < 10} onClick={() => void submit()}>Verify with override</button>
        <button type="button" className="btn btn-small" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
