import { useState } from 'react';
import type { Input } from '../../../../common/contract/api';
import type { FmeaFields, FmeaRow } from '../../../../common/contract/schemas/ops';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { newId, useChange } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { AutosaveText, SavedSelect } from '../../components/fields';
import type { SectionProps } from '../sectionProps';
import './ops.css';

const AREAS = ['ops', 'actions'] as const;
const SCORE_OPTIONS = Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
const RESCORE_OPTIONS = [{ value: '', label: '—' }, ...SCORE_OPTIONS];
const KEYS = ['severity', 'occurrence', 'detection'] as const;
const KEY_LABEL = { severity: 'Severity', occurrence: 'Occurrence', detection: 'Detection' } as const;

/** The fields of a row as the contract takes them (for undo and re-adding). */
function fieldsOf(r: FmeaRow): FmeaFields {
  return { failureMode: r.failureMode, effect: r.effect, cause: r.cause, scores: r.scores, controls: r.controls, fallback: r.fallback, recommendedAction: r.recommendedAction, rescored: r.rescored };
}

function FmeaCard({ row, ops }: { row: FmeaRow; ops: ChangeOps }) {
  const fm = row.failureMode;
  const save = (patch: Partial<FmeaFields>, what = 'edit FMEA row') => {
    const f = fieldsOf(row);
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, f[k as keyof FmeaFields]])) as Partial<FmeaFields>;
    return ops.change({ label: what, run: () => call('ops-fmea-update', { id: row.id, patch }), undo: () => call('ops-fmea-update', { id: row.id, patch: before }) });
  };
  const text = (key: 'failureMode' | 'effect' | 'cause' | 'controls' | 'fallback' | 'recommendedAction', label: string, placeholder?: string) => (
    <AutosaveText label={label} value={row[key]} placeholder={placeholder} onCommit={(v) => save({ [key]: v })} validate={key === 'failureMode' ? (v) => (v.trim() ? null : 'Name the failure mode.') : undefined} />
  );
  const makeAction = () => {
    const actionId = newId();
    ops.act({ label: 'make FMEA recommendation an action', run: () => call('ops-fmea-action', { id: row.id, actionId }), undo: () => call('action-remove', { id: actionId }) });
  };
  return (
    <li className="card fmea-card" data-testid="fmea-row" aria-label={`FMEA row ${fm}`}>
      <div className="fmea-head">
        <strong className="fmea-mode">{fm}</strong>
        <span className={`fmea-rpn ${row.rpn >= 200 ? 'fmea-high' : row.rpn >= 100 ? 'fmea-mid' : ''}`} data-testid="fmea-rpn">RPN {row.rpn}</span>
        {row.rescoredRpn !== null && <span className="fmea-rpn fmea-after" data-testid="fmea-rescored-rpn">after action: RPN {row.rescoredRpn}</span>}
        <button type="button" className="btn btn-small btn-danger-outline" aria-label={`Remove ${fm}`}
          onClick={() => ops.act({ label: 'remove FMEA row', run: () => call('ops-fmea-remove', { id: row.id }), undo: () => call('ops-fmea-add', { eventId: row.eventId, id: row.id, row: fieldsOf(row), position: row.position, actionId: row.actionId }) })}>
          Remove
        </button>
      </div>
      <div className="fmea-grid">
        {text('failureMode', 'Failure mode')}
        {text('effect', 'Effect')}
        {text('cause', 'Cause')}
        <fieldset className="fmea-scores">
          <legend>Scores (1–10)</legend>
          {KEYS.map((k) => (
            <SavedSelect key={k} label={KEY_LABEL[k]} value={String(row.scores[k])} options={SCORE_OPTIONS} onSave={(v) => save({ scores: { ...row.scores, [k]: Number(v) } }, `score ${fm}`)} />
          ))}
        </fieldset>
        {text('controls', 'Current controls')}
        {text('fallback', 'Fallback behaviour', 'e.g. rules-only decision on timeout')}
        {text('recommendedAction', 'Recommended action')}
        <div className="fmea-action">
          {row.action ? (
            <p>Action: <strong>{row.action.title}</strong> <span className="badge">{row.action.status}</span></p>
          ) : (
            <button type="button" className="btn btn-small" disabled={!row.recommendedAction.trim()} onClick={makeAction} aria-label={`Make it an action: ${fm}`}>
              Make it an action
            </button>
          )}
        </div>
        <fieldset className="fmea-scores">
          <legend>Re-scored after the action</legend>
          {KEYS.map((k) => (
            <SavedSelect
              key={k}
              label={KEY_LABEL[k]}
              value={row.rescored ? String(row.rescored[k]) : ''}
              options={RESCORE_OPTIONS}
              onSave={(v) => save({ rescored: v === '' ? null : { ...(row.rescored ?? row.scores), [k]: Number(v) } }, `re-score ${fm}`)}
            />
          ))}
        </fieldset>
      </div>
    </li>
  );
}

/** FMEA of the AI service: failure modes scored S × O × D, highest RPN first; a recommendation becomes an action. */
export function FmeaPage({ event }: SectionProps) {
  const { data, error } = useCall('ops-fmea-list', { eventId: event.id }, AREAS);
  const templates = useCall('ops-fmea-templates', {}, []);
  const ops = useChange(AREAS);
  const [template, setTemplate] = useState('');
  const [blank, setBlank] = useState('');
  const add = (row: Input<'ops-fmea-add'>['row']) => {
    const id = newId();
    return ops.change({ label: 'add FMEA row', run: () => call('ops-fmea-add', { eventId: event.id, id, row }), undo: () => call('ops-fmea-remove', { id }) });
  };
  const fromTemplate = () => {
    const t = templates.data?.find((x) => x.failureMode === template);
    if (t) add(t).then(() => setTemplate(''), () => undefined);
  };
  const rows = data ?? [];
  return (
    <div className="ops-page">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="card ops-add" aria-label="Add a failure mode" onSubmit={(e) => { e.preventDefault(); fromTemplate(); }}>
        <div className="field">
          <label htmlFor="fmea-template">AI failure-mode template</label>
          <select id="fmea-template" value={template} onChange={(e) => setTemplate(e.target.value)}>
            <option value="">Choose a failure mode…</option>
            {templates.data?.map((t) => <option key={t.failureMode} value={t.failureMode}>{t.failureMode}</option>)}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={!template}>Add from template</button>
        <div className="field">
          <label htmlFor="fmea-blank">Or your own</label>
          <input id="fmea-blank" value={blank} maxLength={300} onChange={(e) => setBlank(e.target.value)} placeholder="Failure mode" />
        </div>
        <button type="button" className="btn" disabled={!blank.trim()} onClick={() => add({ failureMode: blank.trim(), scores: { severity: 5, occurrence: 5, detection: 5 } }).then(() => setBlank(''), () => undefined)}>
          Add
        </button>
      </form>
      <p className="muted">RPN = severity × occurrence × detection (each 1–10, 10 worst). Sorted by the current RPN: the re-scored one once the action is in place.</p>
      {data && rows.length === 0 ? (
        <EmptyState title="No failure modes yet">Start from the AI template (data drift, upstream outage, model timeout, feature store lag, bad deploy, label delay) and score each with the team.</EmptyState>
      ) : (
        <ol className="fmea-list">{rows.map((r) => <FmeaCard key={r.id} row={r} ops={ops} />)}</ol>
      )}
    </div>
  );
}
