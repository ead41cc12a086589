import { useState } from 'react';
import type { Stage, StageFields, VsmMap } from '../../../../common/contract/schemas/vsm';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import type { StageMetrics } from '../../../../common/domain/vsm/metrics';
import { durationFromMs } from '../../../../common/domain/vsm/units';
import { duration, percent } from './localUnits';
import { AutosaveText } from '../../components/fields';
import { DurationField, FillNote, NumberField } from './fields';
import { alreadyShown } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { addBurst, removeBurst, removeStage, updateBurst, updateStage } from './vsmChanges';
import { fmt } from '../../format';

type Props = Readonly<{ map: VsmMap; stage: Stage; sm: StageMetrics | undefined; members: readonly TeamMember[]; ops: ChangeOps; onClose: () => void }>;

/** Inline editor for the selected stage: every value with its unit, log provenance, loops and kaizen bursts. */
export function StageEditor({ map, stage, sm, members, ops, onClose }: Props) {
  const save = (patch: Partial<StageFields>) => ops.change(updateStage(stage, patch));
  const idx = map.stages.findIndex((s) => s.id === stage.id);
  const [burst, setBurst] = useState('');
  const bursts = map.bursts.filter((b) => b.stageId === stage.id);
  const restoreLog = (k: 'pt' | 'wt' | 'ca') => {
    const src = stage.filled[k]!;
    void save(k === 'ca' ? { ca: Number(src.value.toFixed(1)) } : { [k]: durationFromMs(src.value) }).catch(alreadyShown);
  };
  return (
    <aside className="vsm-editor card" aria-label={`Edit stage ${stage.name}`} data-testid="stage-editor">
      <div className="vsm-editor-head">
        <h2>Stage {idx + 1} of {map.stages.length}</h2>
        <button type="button" className="btn btn-small" onClick={onClose} aria-label="Close the stage editor">Close</button>
      </div>
      {sm && (
        <p className="vsm-editor-summary">
          {percent(sm.shareOfLeadTime)} of lead time{sm.reworkMultiplier > 1 ? ` · ×${fmt().number(sm.reworkMultiplier, 2)} passes (rework)` : ''}{sm.aboveTakt ? ' · above takt' : ''}{!sm.onCriticalPath ? ' · shorter parallel branch' : ''}
        </p>
      )}
      <AutosaveText label="Name" value={stage.name} onCommit={(v) => save({ name: v })} validate={(v) => (v.trim() ? null : 'A stage needs a name.')} />
      <div className="vsm-row">
        <div><DurationField label="Process time (PT)" value={stage.pt} onCommit={(v) => save({ pt: v })} testId="field-pt" /><FillNote source={stage.filled.pt} kind="duration" onUseLog={() => restoreLog('pt')} /></div>
        <div><DurationField label="Wait before (WT)" value={stage.wt} onCommit={(v) => save({ wt: v })} testId="field-wt" /><FillNote source={stage.filled.wt} kind="duration" onUseLog={() => restoreLog('wt')} /></div>
      </div>
      <div className="vsm-row">
        <div><NumberField label="% complete & accurate" suffix="%" value={stage.ca} max={100} onCommit={(v) => save({ ca: v })} /><FillNote source={stage.filled.ca} kind="percent" onUseLog={() => restoreLog('ca')} /></div>
        <NumberField label="Uptime" suffix="%" value={stage.uptime} max={100} onCommit={(v) => save({ uptime: v })} />
      </div>
      <div className="vsm-row">
        <NumberField label="Batch size" suffix="items" value={stage.batchSize} min={1} integer onCommit={(v) => save({ batchSize: v })} />
        <AutosaveText label="Frequency" value={stage.frequency} onCommit={(v) => save({ frequency: v })} placeholder="e.g. nightly, per request" />
      </div>
      <div className="vsm-row">
        <div className="field">
          <label htmlFor={`owner-${stage.id}`}>Owner</label>
          <select id={`owner-${stage.id}`} value={stage.ownerId ?? ''} onChange={(e) => void save({ ownerId: e.target.value || null }).catch(alreadyShown)}>
            <option value="">— nobody yet —</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </div>
        <NumberField label="People" value={stage.people} integer max={10000} onCommit={(v) => save({ people: v })} />
      </div>
      <AutosaveText label="System / tool" value={stage.system} onCommit={(v) => save({ system: v })} />
      <details className="vsm-flow-details">
        <summary>Flow: parallel branch and rework loop</summary>
        <AutosaveText label="Parallel group" value={stage.parallelGroup} onCommit={(v) => save({ parallelGroup: v.trim() })} hint="Give neighbouring stages the same group name to run them in parallel; the longest branch counts toward lead time." />
        <div className="vsm-row">
          <div className="field">
            <label htmlFor={`rework-${stage.id}`}>Rework goes back to</label>
            <select id={`rework-${stage.id}`} value={stage.reworkToId ?? ''} onChange={(e) => void save({ reworkToId: e.target.value || null }).catch(alreadyShown)}>
              <option value="">— no rework loop —</option>
              {map.stages.slice(0, idx + 1).map((s) => <option key={s.id} value={s.id}>{s.id === stage.id ? `${s.name} (this stage)` : s.name}</option>)}
            </select>
          </div>
          <NumberField label="Share looping back" suffix="%" value={Number((stage.reworkShare * 100).toFixed(2))} max={95} onCommit={(v) => save({ reworkShare: (v ?? 0) / 100 })} hint="Items passing the loop: 1 ÷ (1 − share)." />
        </div>
      </details>
      <AutosaveText label="Notes" value={stage.notes} multiline rows={3} onCommit={(v) => save({ notes: v })} />
      <section aria-label="Kaizen bursts on this stage" className="vsm-bursts">
        <h3>Kaizen bursts</h3>
        {bursts.length === 0 && <p className="muted">Pin an improvement idea to this stage; actions can link to it later.</p>}
        <ul>
          {bursts.map((b) => (
            <li key={b.id}>
              <span aria-hidden="true">✷</span> <AutosaveText label={`Burst ${map.bursts.indexOf(b) + 1}`} value={b.title} onCommit={(v) => ops.change(updateBurst(b, { title: v }))} validate={(v) => (v.trim() ? null : 'A burst needs a title.')} />
              <button type="button" className="btn btn-small" onClick={() => ops.act(removeBurst(b))} aria-label={`Remove burst ${b.title}`}>Remove</button>
            </li>
          ))}
        </ul>
        <form onSubmit={(e) => { e.preventDefault(); if (burst.trim()) void ops.change(addBurst(map.id, stage.id, burst.trim())).then(() => setBurst('')).catch(alreadyShown); }} className="vsm-inline-form">
          <label className="visually-hidden" htmlFor={`burst-${stage.id}`}>New kaizen burst</label>
          <input id={`burst-${stage.id}`} value={burst} onChange={(e) => setBurst(e.target.value)} placeholder="e.g. Automate approval" maxLength={300} />
          <button type="submit" className="btn btn-small">Add burst</button>
        </form>
      </section>
      <p className="muted vsm-editor-keys">PT {duration(sm?.ptMs ?? null)} · WT {duration(sm?.wtMs ?? null)} · Alt+←/→ on the map moves the stage.</p>
      <button type="button" className="btn btn-danger-outline" onClick={() => { onClose(); ops.act(removeStage(stage)); }}>Remove stage</button>
    </aside>
  );
}
