import type { KpiFields, KpiSummary } from '../../../../common/contract/schemas/kpi';
import { useCall } from '../../api/useCall';
import { AutosaveText, SavedSelect } from '../../components/fields';
import { isRate } from './format';

const parseNum = (s: string) => (s.trim() === '' ? null : Number(s));
const checkNum = (s: string) => (s.trim() === '' || Number.isFinite(Number(s)) ? null : 'Enter a number, or leave empty.');

/** Owner, baseline, target, alert threshold and notes, saved as you type (undoable). */
export function TargetsPanel({ kpi, onSave }: { kpi: KpiSummary; onSave: (patch: Partial<KpiFields>, label: string) => Promise<void> }) {
  const team = useCall('team-list', { eventId: kpi.eventId }, ['team']);
  const owners = [{ value: '', label: '(no owner)' }, ...(team.data?.members ?? []).map((m) => ({ value: m.id, label: m.name }))];
  const unit = isRate(kpi) ? 'fraction, 0.02 = 2 %' : kpi.unit;
  const numField = (label: string, key: 'baseline' | 'target' | 'alertThreshold' | 'lsl' | 'usl') => (
    <AutosaveText label={`${label}${unit ? ` (${unit})` : ''}`} value={kpi[key] === null ? '' : String(kpi[key])} validate={checkNum} onCommit={(v) => onSave({ [key]: parseNum(v) }, `edit ${label.toLowerCase()}`)} />
  );
  return (
    <section className="card kpi-targets" aria-labelledby="targets-title">
      <h2 id="targets-title">Targets</h2>
      <SavedSelect label="Owner" value={kpi.ownerId ?? ''} options={owners} onSave={(v) => onSave({ ownerId: v || null }, 'change owner')} />
      {numField('Baseline', 'baseline')}
      <p className="hint">Leave the baseline empty to use the mean over the baseline period{kpi.baselineFrom ? ` (${kpi.baselineFrom} to ${kpi.baselineTo ?? 'now'})` : ''}.</p>
      {numField('Target', 'target')}
      {numField('Alert threshold', 'alertThreshold')}
      <div className="kpi-inline">
        {numField('LSL', 'lsl')}
        {numField('USL', 'usl')}
      </div>
      <p className="hint">Spec limits (lower/upper specification limit): what capability is judged against, on this page and in the report. Leave one empty for a one-sided spec.</p>
      <AutosaveText label="Notes" multiline value={kpi.notes} onCommit={(v) => onSave({ notes: v }, 'edit notes')} />
    </section>
  );
}
