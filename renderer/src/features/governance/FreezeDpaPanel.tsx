import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { FREEZE_KINDS, FREEZE_KIND_LABELS, LEGAL_BASES, LEGAL_BASIS_LABELS } from '../../../../common/contract/schemas/freeze';
import type { DpaEntry, DpaFields, FreezeRuleInput, FreezeWindow, LegalBasis } from '../../../../common/contract/schemas/freeze';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store';
import type { SectionProps } from '../sectionProps';
import './governanceG3.css';

const AREAS = ['governance', 'datasets', 'team'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const thisMonth = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};
function shiftMonth(month: string, by: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + by;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}`;
}
/** Monday-first offset of a month's first day, from its calendar date (no time zone involved). */
function leadingBlanks(month: string): number {
  const day = new Date(`${month}-01T12:00:00Z`).getUTCDay();
  return (day + 6) % 7;
}

type Day = Readonly<{ date: string; windows: readonly { name: string }[] }>;

/** A month's days in Monday-first weeks, with blanks before the 1st and after the last day. */
function weeks(month: string, days: readonly Day[]): (Day | null)[][] {
  const cells: (Day | null)[] = [...Array.from({ length: leadingBlanks(month) }, () => null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

/** Freeze calendar (month view, rules) and the DPA register, side by side. */
export function FreezeDpaPanel({ event }: SectionProps) {
  return (
    <div className="freeze-dpa-grid">
      <FreezeCalendar eventId={event.id} eventStart={event.startDate ?? null} />
      <DpaRegister eventId={event.id} />
    </div>
  );
}

function FreezeCalendar({ eventId, eventStart }: Readonly<{ eventId: string; eventStart: string | null }>) {
  const [month, setMonth] = useState(() => (eventStart ? eventStart.slice(0, 7) : thisMonth()));
  const days = useCall('freeze-month', { eventId, month }, AREAS);
  const windows = useCall('freeze-list', { eventId }, AREAS);
  const team = useCall('team-list', { eventId }, AREAS);
  const label = `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
  const frozen = (days.data ?? []).filter((d) => d.windows.length > 0);
  return (
    <section aria-labelledby="freeze-heading">
      <h2 id="freeze-heading">Change-freeze calendar</h2>
      <div className="freeze-month-nav">
        <button type="button" className="btn btn-small" aria-label="Previous month" onClick={() => setMonth(shiftMonth(month, -1))}>‹</button>
        <strong aria-live="polite">{label}</strong>
        <button type="button" className="btn btn-small" aria-label="Next month" onClick={() => setMonth(shiftMonth(month, 1))}>›</button>
      </div>
      <table className="freeze-month">
        <caption className="visually-hidden">Freeze days in {label}</caption>
        <thead>
          <tr>{WEEKDAYS.map((d) => <th key={d} scope="col" className="dow"><abbr title={d}>{d.slice(0, 2)}</abbr></th>)}</tr>
        </thead>
        <tbody>
          {weeks(month, days.data ?? []).map((week, i) => (
            <tr key={i}>
              {week.map((d, j) => {
                if (!d) return <td key={j} className="day blank" />;
                const names = d.windows.map((w) => w.name).join(', ');
                return (
                  <td key={d.date} className={`day${names ? ' frozen' : ''}`} title={names || undefined} data-testid={names ? 'freeze-day' : undefined}>
                    {Number(d.date.slice(8))}
                    {names && <span className="visually-hidden"> (frozen: {names})</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{frozen.length === 0 ? `No freeze days in ${label}.` : `${frozen.length} freeze day${frozen.length === 1 ? '' : 's'} in ${label}: ${frozen.map((d) => Number(d.date.slice(8))).join(', ')}.`}</p>
      <h3>Freeze windows</h3>
      {windows.data && windows.data.length === 0 ? (
        <EmptyState title="No freeze windows">Add the month-end close or a release freeze: actions, changes and promotions dated inside a window are flagged and need the facilitator’s override.</EmptyState>
      ) : (
        <ul className="freeze-rules">
          {windows.data?.map((w) => <WindowItem key={w.id} w={w} members={team.data?.members ?? []} />)}
        </ul>
      )}
      <WindowForm eventId={eventId} />
    </section>
  );
}

function WindowItem({ w, members }: Readonly<{ w: FreezeWindow; members: readonly TeamMember[] }>) {
  const ops = useChange(['governance']);
  const [open, setOpen] = useState(false);
  const [memberId, setMemberId] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const withdraw = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await ops.save(() => call('freeze-withdraw', { id: w.id, reason: reason.trim(), acting: { memberId, passphrase } }), { quiet: true });
      setOpen(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPassphrase('');
    }
  };
  return (
    <li className="freeze-rule" data-testid="freeze-window">
      <strong>{w.name}</strong> — {w.description}
      {w.validFrom || w.validUntil ? <span className="muted"> ({w.validFrom ?? '…'} to {w.validUntil ?? '…'})</span> : null}
      <div className="muted">{w.reason} · added by {w.createdBy}</div>
      {w.withdrawn ? (
        <div className="muted">Withdrawn by {w.withdrawn.by} on {w.withdrawn.at.slice(0, 10)}: {w.withdrawn.reason}</div>
      ) : open ? (
        <form className="freeze-form" aria-label={`Withdraw ${w.name}`} onSubmit={(e) => void withdraw(e)}>
          <div className="field-row">
            <div className="field"><label htmlFor={`wd-who-${w.id}`}>Who withdraws it</label>
              <select id={`wd-who-${w.id}`} value={memberId} onChange={(e) => setMemberId(e.target.value)}>
                <option value="">Choose…</option>
                {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              </select>
            </div>
            <div className="field"><label htmlFor={`wd-pass-${w.id}`}>Passphrase</label><input id={`wd-pass-${w.id}`} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} /></div>
          </div>
          <div className="field"><label htmlFor={`wd-why-${w.id}`}>Why</label><input id={`wd-why-${w.id}`} value={reason} onChange={(e) => setReason(e.target.value)} /></div>
          {error && <p className="field-error" role="alert">{error}</p>}
          <button type="submit" className="btn btn-small" disabled={!memberId || passphrase.length < 8 || !reason.trim()}>Withdraw window</button>{' '}
          <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>Cancel</button>
        </form>
      ) : (
        <div><button type="button" className="btn btn-small" onClick={() => setOpen(true)}>Withdraw…</button></div>
      )}
    </li>
  );
}

function WindowForm({ eventId }: Readonly<{ eventId: string }>) {
  const ops = useChange(['governance']);
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<FreezeRuleInput['kind']>('month-end');
  const [businessDays, setBusinessDays] = useState(3);
  const [weekday, setWeekday] = useState(5);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const rule = (): FreezeRuleInput | null => {
    if (kind === 'one-off') return start && end ? { kind, startDate: start, endDate: end } : null;
    if (kind === 'weekday') return { kind, weekday };
    return { kind, businessDays };
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = rule();
    if (!name.trim() || !reason.trim() || !r) return setProblem(r ? 'Give the window a name and a reason.' : 'Choose the first and last day.');
    setProblem(null);
    const w = await ops.save(() => call('freeze-create', { eventId, name: name.trim(), reason: reason.trim(), rule: r })).catch(alreadyShown);
    if (w) {
      setName('');
      setReason('');
    }
  };
  return (
    <form className="freeze-form" aria-label="Add a freeze window" onSubmit={(e) => void submit(e)}>
      <h3>Add a freeze window</h3>
      <div className="field-row">
        <div className="field"><label htmlFor="fw-name">Name</label><input id="fw-name" value={name} placeholder="Month-end close" onChange={(e) => setName(e.target.value)} /></div>
        <div className="field"><label htmlFor="fw-kind">Rule</label>
          <select id="fw-kind" value={kind} onChange={(e) => setKind(e.target.value as FreezeRuleInput['kind'])}>
            {FREEZE_KINDS.map((k) => <option key={k} value={k}>{FREEZE_KIND_LABELS[k]}</option>)}
          </select>
        </div>
      </div>
      <div className="field-row">
        {(kind === 'month-end' || kind === 'quarter-end') && (
          <div className="field"><label htmlFor="fw-days">Last business days</label><input id="fw-days" type="number" min={1} max={10} value={businessDays} onChange={(e) => setBusinessDays(Math.max(1, Math.min(10, Number(e.target.value) || 1)))} /></div>
        )}
        {kind === 'weekday' && (
          <div className="field"><label htmlFor="fw-weekday">Weekday</label>
            <select id="fw-weekday" value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
              {WEEKDAYS.map((d, i) => <option key={d} value={i + 1}>{d}</option>)}
            </select>
          </div>
        )}
        {kind === 'one-off' && (
          <>
            <div className="field"><label htmlFor="fw-start">First day</label><input id="fw-start" type="date" value={start} onChange={(e) => setStart(e.target.value)} /></div>
            <div className="field"><label htmlFor="fw-end">Last day</label><input id="fw-end" type="date" value={end} onChange={(e) => setEnd(e.target.value)} /></div>
          </>
        )}
      </div>
      <div className="field"><label htmlFor="fw-reason">Reason</label><input id="fw-reason" value={reason} placeholder="Finance closes the books" onChange={(e) => setReason(e.target.value)} /></div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <button type="submit" className="btn btn-primary">Add window</button>
    </form>
  );
}

type DpaDraft = { datasetId: string; datasetName: string; columns: string[]; purpose: string; legalBasis: LegalBasis; retention: string; processor: string; correctsId: string | null };
const emptyDraft = (): DpaDraft => ({ datasetId: '', datasetName: '', columns: [], purpose: '', legalBasis: 'legitimate-interests', retention: '', processor: '', correctsId: null });

function DpaRegister({ eventId }: Readonly<{ eventId: string }>) {
  const entries = useCall('dpa-list', { eventId }, AREAS);
  const datasets = useCall('dataset-list', { eventId }, AREAS);
  const ops = useChange(['governance']);
  const toast = useAppStore((s) => s.toast);
  const [draft, setDraft] = useState<DpaDraft>(emptyDraft);
  const [personal, setPersonal] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (p: Partial<DpaDraft>) => setDraft((d) => ({ ...d, ...p }));
  const ds = datasets.data?.find((d) => d.id === draft.datasetId);
  useEffect(() => {
    if (!draft.datasetId) return setPersonal([]);
    void call('dpa-personal-list', { datasetId: draft.datasetId }).then((fs) => setPersonal(fs.filter((f) => f.personal).map((f) => f.column)), () => setPersonal([]));
  }, [draft.datasetId]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (draft.columns.length === 0) return setProblem('Choose the personal columns this use covers.');
    if (!draft.purpose.trim() || !draft.retention.trim()) return setProblem('Say what the data is used for and how long it is kept.');
    setProblem(null);
    const fields: DpaFields = { datasetId: draft.datasetId || null, datasetName: draft.datasetName.trim(), columns: draft.columns, purpose: draft.purpose.trim(), legalBasis: draft.legalBasis, retention: draft.retention.trim(), processor: draft.processor.trim() };
    const added = await ops.save(() => call('dpa-create', { eventId, fields, correctsId: draft.correctsId })).catch(alreadyShown);
    if (!added) return;
    setDraft(emptyDraft());
    toast({ kind: 'success', message: added.correctsId ? 'Correction recorded; the earlier entry stays in the register.' : 'Added to the DPA register.' });
  };
  const correct = (x: DpaEntry) => setDraft({ datasetId: x.datasetId ?? '', datasetName: x.datasetId ? '' : x.datasetName, columns: x.columns, purpose: x.purpose, legalBasis: x.legalBasis, retention: x.retention, processor: x.processor, correctsId: x.id });
  const columnChoices = ds ? ds.columns.map((c) => c.name) : [];
  return (
    <section aria-labelledby="dpa-heading">
      <h2 id="dpa-heading">DPA register</h2>
      {entries.error && <p className="error-banner" role="alert">{entries.error}</p>}
      {entries.data && entries.data.length === 0 ? (
        <EmptyState title="No personal-data uses recorded">Record each use of personal data: dataset, columns, purpose, legal basis, retention and processor. Columns marked personal at import raise a “Review the DPA” action for compliance.</EmptyState>
      ) : (
        <ul className="dpa-list">
          {entries.data?.map((x) => (
            <li key={x.id} className={`dpa-card${x.correctedById ? ' superseded' : ''}`} data-testid="dpa-entry">
              <h3>{x.datasetName}: {x.columns.join(', ')}{x.correctedById ? ' (corrected)' : ''}</h3>
              <dl className="dpa-fields">
                <dt>Purpose</dt><dd>{x.purpose}</dd>
                <dt>Legal basis</dt><dd>{LEGAL_BASIS_LABELS[x.legalBasis]}</dd>
                <dt>Retention</dt><dd>{x.retention}</dd>
                <dt>Processor</dt><dd>{x.processor || '—'}</dd>
                <dt>Recorded</dt><dd>{x.recordedBy}, {x.createdAt.slice(0, 10)}{x.correctsId ? ' (a correction)' : ''}</dd>
              </dl>
              {!x.correctedById && <button type="button" className="btn btn-small" onClick={() => correct(x)} aria-label={`Correct the entry for ${x.datasetName}`}>Correct</button>}
            </li>
          ))}
        </ul>
      )}
      <form className="dpa-form" aria-label={draft.correctsId ? 'Correct a DPA entry' : 'Add a DPA entry'} onSubmit={(e) => void submit(e)}>
        <h3>{draft.correctsId ? 'Correct the entry' : 'Add a personal-data use'}</h3>
        <div className="field-row">
          <div className="field"><label htmlFor="dpa-ds">Dataset</label>
            <select id="dpa-ds" value={draft.datasetId} onChange={(e) => set({ datasetId: e.target.value, columns: [] })}>
              <option value="">Other source</option>
              {datasets.data?.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </div>
          {!draft.datasetId && <div className="field"><label htmlFor="dpa-dsname">Data source</label><input id="dpa-dsname" value={draft.datasetName} onChange={(e) => set({ datasetName: e.target.value })} /></div>}
        </div>
        {ds ? (
          <fieldset>
            <legend>Columns</legend>
            <div className="role-choices">
              {columnChoices.map((c) => (
                <label key={c} className="checkbox">
                  <input type="checkbox" checked={draft.columns.includes(c)} onChange={(e) => set({ columns: e.target.checked ? [...draft.columns, c] : draft.columns.filter((x) => x !== c) })} />
                  {c}{personal.includes(c) ? ' (personal)' : ''}
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          <div className="field"><label htmlFor="dpa-cols">Columns (comma-separated)</label><input id="dpa-cols" value={draft.columns.join(', ')} onChange={(e) => set({ columns: e.target.value.split(',').map((c) => c.trim()).filter(Boolean) })} /></div>
        )}
        <div className="field"><label htmlFor="dpa-purpose">Purpose</label><input id="dpa-purpose" value={draft.purpose} onChange={(e) => set({ purpose: e.target.value })} /></div>
        <div className="field-row">
          <div className="field"><label htmlFor="dpa-basis">Legal basis (GDPR Art. 6)</label>
            <select id="dpa-basis" value={draft.legalBasis} onChange={(e) => set({ legalBasis: e.target.value as LegalBasis })}>
              {LEGAL_BASES.map((b) => <option key={b} value={b}>{LEGAL_BASIS_LABELS[b]}</option>)}
            </select>
          </div>
          <div className="field"><label htmlFor="dpa-retention">Retention</label><input id="dpa-retention" value={draft.retention} placeholder="90 days" onChange={(e) => set({ retention: e.target.value })} /></div>
          <div className="field"><label htmlFor="dpa-processor">Processor</label><input id="dpa-processor" value={draft.processor} onChange={(e) => set({ processor: e.target.value })} /></div>
        </div>
        {problem && <p className="field-error" role="alert">{problem}</p>}
        <button type="submit" className="btn btn-primary">{draft.correctsId ? 'Record correction' : 'Add to register'}</button>
        {draft.correctsId && <> <button type="button" className="btn" onClick={() => setDraft(emptyDraft())}>Cancel correction</button></>}
      </form>
    </section>
  );
}
