import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { SIGNOFF_DECISIONS, SIGNOFF_DECISION_LABELS } from '../../../../common/contract/schemas/signoff';
import type { SignoffDecision, SignoffRequest, SignoffStatusValue, SignoffSubject } from '../../../../common/contract/schemas/signoff';
import { TEAM_ROLE_LABELS } from '../../../../common/contract/schemas/team';
import type { TeamMember, TeamRole } from '../../../../common/contract/schemas/team';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store';
import type { SectionProps } from '../sectionProps';
import './governanceG3.css';

const AREAS = ['governance', 'registry', 'team'];
/** The roles a sign-off is usually asked of (issue 16); any team role can be asked. */
const SIGNER_ROLES: readonly TeamRole[] = ['governance-board', 'compliance-legal', 'process-owner', 'sponsor'];
export const STATUS_LABELS: Readonly<Record<SignoffStatusValue, string>> = { none: 'No sign-off', pending: 'Awaiting signatures', approved: 'Approved', rejected: 'Rejected' };

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function StatusPill({ status, prefix = '' }: Readonly<{ status: SignoffStatusValue; prefix?: string }>) {
  return <span className={`signoff-status st-${status}`} data-testid="signoff-status">{prefix}{STATUS_LABELS[status]}</span>;
}

type Subjects = { changes: { id: string; label: string }[]; versions: { id: string; label: string }[] };

/** Sign-offs: ask for one on a controlled change or a model version, then sign in turn on the shared laptop. */
export function SignoffsPanel({ event }: SectionProps) {
  const requests = useCall('signoff-list', { eventId: event.id }, AREAS);
  const team = useCall('team-list', { eventId: event.id }, AREAS);
  const [subjects, setSubjects] = useState<Subjects>({ changes: [], versions: [] });
  const version = useAppStore((s) => AREAS.map((a) => s.dataVersion[a] ?? 0).join(','));
  useEffect(() => {
    // The change log (G1) and the registry (G2) may not be in every build: each list is read on its own.
    void call('governance-change-list', { eventId: event.id }).then(
      (cs) => setSubjects((s) => ({ ...s, changes: cs.filter((c) => c.correctedById === null).map((c) => ({ id: c.id, label: `${c.component.label}: ${c.after || c.changeType}` })) })),
      () => undefined,
    );
    void call('registry-list', { eventId: event.id }).then(
      (ms) => setSubjects((s) => ({ ...s, versions: ms.flatMap((m) => m.versions.map((v) => ({ id: v.id, label: `${m.name} ${v.version} (${v.stage})` }))) })),
      () => undefined,
    );
  }, [event.id, version]);
  const members = team.data?.members ?? [];
  return (
    <div className="signoffs-panel">
      {requests.error && <p className="error-banner" role="alert">{requests.error}</p>}
      <RequestForm eventId={event.id} members={members} subjects={subjects} />
      <h2>Sign-off requests</h2>
      {requests.data && requests.data.length === 0 ? (
        <EmptyState title="No sign-offs requested">
          Ask the governance board, compliance, the process owner or the sponsor to sign a controlled change or a model version before it goes live.
        </EmptyState>
      ) : (
        <ul className="signoff-list">
          {requests.data?.map((q) => <RequestCard key={q.id} q={q} members={members} />)}
        </ul>
      )}
    </div>
  );
}

function RequestForm({ eventId, members, subjects }: Readonly<{ eventId: string; members: readonly TeamMember[]; subjects: Subjects }>) {
  const ops = useChange(['governance']);
  const toast = useAppStore((s) => s.toast);
  const [subject, setSubject] = useState<SignoffSubject | null>(null);
  const [roles, setRoles] = useState<TeamRole[]>(['governance-board']);
  const [rule, setRule] = useState<{ roles: TeamRole[]; reasons: string[] }>({ roles: [], reasons: [] });
  const [statement, setStatement] = useState('');
  const [conditions, setConditions] = useState('');
  const [requesterId, setRequesterId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!subject) return setRule({ roles: [], reasons: [] });
    void call('signoff-required', { eventId, subject }).then(setRule, () => setRule({ roles: [], reasons: [] }));
  }, [eventId, subject]);
  const options = [
    ...subjects.changes.map((c) => ({ value: `change:${c.id}`, label: `Change — ${c.label}` })),
    ...subjects.versions.map((v) => ({ value: `model-version:${v.id}`, label: `Model — ${v.label}` })),
  ];
  const chosen = [...new Set([...roles, ...rule.roles])];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!subject) return setProblem('Choose the change or model version to sign off.');
    if (!statement.trim()) return setProblem('Say what is being signed off.');
    if (!requesterId) return setProblem('Say who is asking.');
    setProblem(null);
    const q = await ops
      .save(() => call('signoff-create', { eventId, subject, requiredRoles: chosen, statement: statement.trim(), conditions: conditions.trim(), requesterId }))
      .catch(alreadyShown);
    if (!q) return;
    setStatement('');
    setConditions('');
    toast({ kind: 'success', message: `Sign-off requested from ${q.requiredRoles.map((r) => TEAM_ROLE_LABELS[r]).join(', ')}.` });
  };
  return (
    <form className="card signoff-form" aria-label="Request a sign-off" onSubmit={(e) => void submit(e)}>
      <h2>Request a sign-off</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="so-subject">What is signed off</label>
          <select id="so-subject" value={subject ? `${subject.kind}:${subject.id}` : ''} onChange={(e) => {
            const [kind, ...rest] = e.target.value.split(':');
            setSubject(e.target.value ? { kind: kind as SignoffSubject['kind'], id: rest.join(':') } : null);
          }}>
            <option value="">Choose a change or model version…</option>
            {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
          {options.length === 0 && <small className="hint">Record a controlled change (Change log) or register a model version first.</small>}
        </div>
        <div className="field">
          <label htmlFor="so-requester">Asked by</label>
          <select id="so-requester" value={requesterId} onChange={(e) => setRequesterId(e.target.value)}>
            <option value="">Choose…</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>Who must sign</legend>
        <div className="role-choices">
          {SIGNER_ROLES.map((r) => {
            const forced = rule.roles.includes(r);
            return (
              <label key={r} className="checkbox">
                <input type="checkbox" checked={chosen.includes(r)} disabled={forced} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
                {TEAM_ROLE_LABELS[r]}{forced ? ' (required)' : ''}
              </label>
            );
          })}
        </div>
        {rule.reasons.length > 0 && <p className="hint">Required because this version {rule.reasons.join(' and ')}.</p>}
      </fieldset>
      <div className="field-row">
        <div className="field"><label htmlFor="so-statement">Statement</label><textarea id="so-statement" rows={2} value={statement} onChange={(e) => setStatement(e.target.value)} /></div>
        <div className="field"><label htmlFor="so-conditions">Conditions</label><textarea id="so-conditions" rows={2} value={conditions} onChange={(e) => setConditions(e.target.value)} /></div>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <button type="submit" className="btn btn-primary">Request sign-off</button>
    </form>
  );
}

function RequestCard({ q, members }: Readonly<{ q: SignoffRequest; members: readonly TeamMember[] }>) {
  return (
    <li className="signoff-card" data-testid="signoff-request">
      <div className="signoff-head">
        <h3>{q.subject.kind === 'change' ? 'Change' : 'Model version'}: {q.subjectLabel}</h3>
        <StatusPill status={q.status} />
      </div>
      <p>{q.statement}</p>
      {q.conditions && <p><strong>Conditions:</strong> {q.conditions}</p>}
      <p className="muted">Asked by {q.requestedBy} on {when(q.createdAt)} · needs {q.requiredRoles.map((r) => TEAM_ROLE_LABELS[r]).join(', ')}</p>
      {q.signatures.length > 0 && (
        <table className="signature-table">
          <caption className="visually-hidden">Signatures</caption>
          <thead><tr><th scope="col">Who</th><th scope="col">Role</th><th scope="col">Decision</th><th scope="col">Comment</th><th scope="col">When</th></tr></thead>
          <tbody>
            {q.signatures.map((s) => (
              <tr key={s.id} data-testid="signature">
                <td>{s.name}</td><td>{TEAM_ROLE_LABELS[s.role]}</td><td>{SIGNOFF_DECISION_LABELS[s.decision]}</td><td>{s.comment}</td><td>{when(s.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.status === 'pending' && <SignForm q={q} members={members} />}
    </li>
  );
}

/**
 * Signing in turn on one laptop: pick yourself, type your passphrase, decide. After every try the passphrase and
 * the signer are cleared, so the next person starts from an empty form.
 */
function SignForm({ q, members }: Readonly<{ q: SignoffRequest; members: readonly TeamMember[] }>) {
  const ops = useChange(['governance']);
  const toast = useAppStore((s) => s.toast);
  const [signer, setSigner] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [decision, setDecision] = useState<SignoffDecision>('approve');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signed = new Set(q.signatures.map((s) => s.memberId));
  const eligible = members.filter((m) => q.requiredRoles.includes(m.role) && !signed.has(m.id));
  const id = (x: string) => `${x}-${q.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!signer) return setError('Choose who is signing.');
    setBusy(true);
    setError(null);
    try {
      const after = await ops.save(() => call('signoff-sign', { requestId: q.id, acting: { memberId: signer, passphrase }, decision, comment: comment.trim() }), { quiet: true });
      const name = members.find((m) => m.id === signer)?.name ?? 'Signer';
      setSigner('');
      setComment('');
      setDecision('approve');
      toast({ kind: 'success', message: `${name} signed (${SIGNOFF_DECISION_LABELS[decision]}). ${after.status === 'pending' ? 'Hand the laptop to the next signer.' : `Sign-off ${after.status}.`}` });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPassphrase('');
      setBusy(false);
    }
  };
  if (eligible.length === 0) return <p className="hint">Everyone in the required roles has signed; waiting for {q.missingRoles.map((r) => TEAM_ROLE_LABELS[r]).join(', ')}.</p>;
  return (
    <form className="sign-form" aria-label={`Sign ${q.subjectLabel}`} onSubmit={(e) => void submit(e)}>
      <div className="field-row">
        <div className="field">
          <label htmlFor={id('signer')}>Signer</label>
          <select id={id('signer')} value={signer} onChange={(e) => setSigner(e.target.value)}>
            <option value="">Choose who signs…</option>
            {eligible.map((m) => <option key={m.id} value={m.id}>{m.name} ({TEAM_ROLE_LABELS[m.role]})</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('pass')}>Passphrase</label>
          <input id={id('pass')} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </div>
      </div>
      <fieldset>
        <legend>Decision</legend>
        <div className="decision-choices">
          {SIGNOFF_DECISIONS.map((d) => (
            <label key={d} className="checkbox">
              <input type="radio" name={id('decision')} value={d} checked={decision === d} onChange={() => setDecision(d)} />
              {SIGNOFF_DECISION_LABELS[d]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field"><label htmlFor={id('comment')}>Comment</label><input id={id('comment')} value={comment} onChange={(e) => setComment(e.target.value)} /></div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary" disabled={busy || !signer || passphrase.length < 8}>Sign</button>
    </form>
  );
}
