import { useState } from 'react';
import type { Decision } from '../../../../common/contract/schemas/actions';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store';
import type { SectionProps } from '../sectionProps';
import './decisions.css';

type Draft = { decision: string; rationale: string; alternatives: string; decidedBy: string; decidedOn: string; actionIds: string[]; correctsId: string | null };
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const empty = (): Draft => ({ decision: '', rationale: '', alternatives: '', decidedBy: '', decidedOn: today(), actionIds: [], correctsId: null });

/**
 * The decision log. Entries are final: there is no edit or delete (main refuses both), so undo does not
 * apply here; a mistake is fixed by recording a correction that references the entry.
 */
export function DecisionsPage({ event }: SectionProps) {
  const { data, error } = useCall('decision-list', { eventId: event.id }, ['decisions']);
  const actions = useCall('action-list', { eventId: event.id }, ['actions']);
  const ops = useChange(['decisions']);
  const toast = useAppStore((s) => s.toast);
  const [draft, setDraft] = useState<Draft>(empty);
  const [problem, setProblem] = useState<string | null>(null);
  const bySeq = new Map((data ?? []).map((d, i) => [d.id, i + 1]));
  const set = (p: Partial<Draft>) => setDraft({ ...draft, ...p });
  const submit = async () => {
    if (!draft.decision.trim()) return setProblem('Write the decision first.');
    setProblem(null);
    // Not undoable: the log is append-only.
    const added = await ops.save(() => call('decision-add', { eventId: event.id, ...draft, decision: draft.decision.trim() })).catch(alreadyShown);
    if (!added) return;
    setDraft(empty());
    toast({ kind: 'success', message: 'Decision recorded in the log.' });
  };
  const correct = (d: Decision) => {
    setDraft({ ...empty(), decision: d.decision, rationale: d.rationale, alternatives: d.alternatives, decidedBy: d.decidedBy, actionIds: d.actionIds, correctsId: d.id });
    document.getElementById('decision-text')?.focus();
  };
  const actionTitle = (id: string) => actions.data?.find((a) => a.id === id)?.title ?? id;
  return (
    <div className="decisions-page">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="card decision-form" aria-label="Record a decision" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {draft.correctsId && (
          <p className="warning">
            Correcting decision #{bySeq.get(draft.correctsId)}. The original stays in the log.{' '}
            <button type="button" className="btn btn-small" onClick={() => set({ correctsId: null })}>Not a correction</button>
          </p>
        )}
        <div className="field">
          <label htmlFor="decision-text">Decision</label>
          <input id="decision-text" value={draft.decision} maxLength={300} onChange={(e) => set({ decision: e.target.value })} />
          {problem && <small className="field-error" role="alert">{problem}</small>}
        </div>
        <div className="field-row">
          <div className="field"><label htmlFor="decision-why">Rationale</label><textarea id="decision-why" rows={2} value={draft.rationale} onChange={(e) => set({ rationale: e.target.value })} /></div>
          <div className="field"><label htmlFor="decision-alt">Alternatives considered</label><textarea id="decision-alt" rows={2} value={draft.alternatives} onChange={(e) => set({ alternatives: e.target.value })} /></div>
        </div>
        <div className="field-row">
          <div className="field"><label htmlFor="decision-by">Decided by</label><input id="decision-by" value={draft.decidedBy} maxLength={500} onChange={(e) => set({ decidedBy: e.target.value })} /></div>
          <div className="field"><label htmlFor="decision-on">Date</label><input id="decision-on" type="date" value={draft.decidedOn} onChange={(e) => set({ decidedOn: e.target.value || today() })} /></div>
        </div>
        {(actions.data?.length ?? 0) > 0 && (
          <fieldset className="decision-actions">
            <legend>Linked actions</legend>
            {actions.data!.map((a) => (
              <label key={a.id} className="checkbox">
                <input type="checkbox" checked={draft.actionIds.includes(a.id)} onChange={(e) => set({ actionIds: e.target.checked ? [...draft.actionIds, a.id] : draft.actionIds.filter((x) => x !== a.id) })} />
                {a.title}
              </label>
            ))}
          </fieldset>
        )}
        <p className="hint">Entries cannot be edited or deleted. Each one is also written to the tamper-evident change log.</p>
        <button type="submit" className="btn btn-primary">{draft.correctsId ? 'Record correction' : 'Record decision'}</button>
      </form>
      {data && data.length === 0 ? (
        <EmptyState title="No decisions recorded">
          Record each decision the team takes (what, why, what else was considered, who decided) so the reasoning survives the event.
        </EmptyState>
      ) : (
        <ol className="decision-list">
          {data?.map((d, i) => (
            <li key={d.id} className={`card decision${d.correctedBy.length > 0 ? ' superseded' : ''}`} data-testid="decision">
              <div className="decision-head">
                <span className="decision-no">#{i + 1}</span>
                <strong className="decision-text">{d.decision}</strong>
                <span className="muted">{d.decidedOn}{d.decidedBy ? ` · ${d.decidedBy}` : ''}</span>
              </div>
              {d.correctsId && <p className="decision-ref">Corrects #{bySeq.get(d.correctsId)}</p>}
              {d.correctedBy.length > 0 && <p className="decision-ref">Corrected by {d.correctedBy.map((c) => `#${bySeq.get(c)}`).join(', ')}</p>}
              {d.rationale && <p><span className="decision-label">Rationale:</span> {d.rationale}</p>}
              {d.alternatives && <p><span className="decision-label">Alternatives:</span> {d.alternatives}</p>}
              {d.actionIds.length > 0 && <p><span className="decision-label">Actions:</span> {d.actionIds.map(actionTitle).join('; ')}</p>}
              <button type="button" className="btn btn-small" onClick={() => correct(d)}>Record a correction</button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
