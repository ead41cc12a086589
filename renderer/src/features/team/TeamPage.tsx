import { useState } from 'react';
import { TEAM_ROLES, TEAM_ROLE_LABELS } from '../../../../common/contract/schemas/team';
import type { MemberFields, TeamMember, TeamRole } from '../../../../common/contract/schemas/team';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { priorValues, useChange } from '../../api/useChange';
import type { Change, ChangeOps } from '../../api/useChange';
import { AutosaveText, SavedCheckbox, SavedSelect } from '../../components/fields';
import { EmptyState } from '../../components/EmptyState';
import type { SectionProps } from '../sectionProps';
import './team.css';

const ROLE_OPTIONS = TEAM_ROLES.map((r) => ({ value: r, label: TEAM_ROLE_LABELS[r] }));

const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** Team edits as undoable changes; removals and redone adds keep the member's id. */
const restoreMember = (m: TeamMember) => {
  const { id, eventId, position: _p, ...member } = m;
  return call('team-add', { eventId, id, member });
};
const updateMember = (m: TeamMember, patch: Partial<MemberFields>): Change => {
  const before = priorValues<MemberFields>(m, patch);
  return { label: `edit ${m.name}`, run: () => call('team-update', { id: m.id, patch }), undo: () => call('team-update', { id: m.id, patch: before }) };
};
const addMember = (eventId: string, name: string, role: TeamRole): Change<TeamMember> => ({
  label: `add ${name}`,
  run: () => call('team-add', { eventId, member: { name, role } }),
  undo: (m) => call('team-remove', { id: m.id }),
  redo: restoreMember,
});
const removeMember = (m: TeamMember): Change => ({
  label: `remove ${m.name}`,
  run: () => call('team-remove', { id: m.id }),
  undo: () => restoreMember(m),
  offerUndo: { message: `Removed ${m.name}.` },
});

function MemberCard({ m, ops }: { m: TeamMember; ops: ChangeOps }) {
  const save = (patch: Partial<MemberFields>) => ops.change(updateMember(m, patch));
  return (
    <li className="card member-card" data-testid="member-card">
      <div className="member-head">
        <AutosaveText label="Name" value={m.name} onCommit={(v) => save({ name: v })} validate={(v) => (v.trim() ? null : 'A member needs a name.')} />
        <SavedSelect label="Role" value={m.role} options={ROLE_OPTIONS} onSave={(role) => save({ role })} />
        <button type="button" className="btn btn-small btn-danger-outline member-remove" onClick={() => ops.act(removeMember(m))} aria-label={`Remove ${m.name}`}>
          Remove
        </button>
      </div>
      <div className="field-row">
        <AutosaveText label="Data access authority (systems, comma-separated)" value={m.dataAccess.join(', ')} onCommit={(v) => save({ dataAccess: splitList(v) })} placeholder="e.g. inference logs, feature store" />
        <AutosaveText label="Owns process stages (comma-separated)" value={m.processStages.join(', ')} onCommit={(v) => save({ processStages: splitList(v) })} placeholder="e.g. Training, Deployment" />
      </div>
      <SavedCheckbox label="Can modify model inputs / staging" checked={m.canModifyStaging} onSave={(v) => save({ canModifyStaging: v })} />
    </li>
  );
}

export function TeamPage({ event }: SectionProps) {
  const { data, error } = useCall('team-list', { eventId: event.id }, ['team']);
  const ops = useChange(['team']);
  const [name, setName] = useState('');
  const [role, setRole] = useState<TeamRole>('participant');
  const [nameError, setNameError] = useState<string | null>(null);

  const submit = async () => {
    if (!name.trim()) {
      setNameError('Type the person’s name first.');
      return;
    }
    setNameError(null);
    try {
      await ops.change(addMember(event.id, name.trim(), role));
      setName('');
    } catch {
      /* shown as a toast */
    }
  };

  return (
    <div className="team">
      {data && data.warnings.length > 0 && (
        <div className="warnings" role="region" aria-label="Team warnings" data-testid="team-warnings">
          {data.warnings.map((w) => <p key={w.code} className="warning" data-code={w.code}>⚠ {w.message}</p>)}
        </div>
      )}
      {data && data.warnings.length === 0 && (
        <p className="ok-banner" data-testid="team-ok">✓ The team has a process owner, data access authority and someone who can change staging.</p>
      )}
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="card add-member" onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label="Add a team member">
        <div className="field">
          <label htmlFor="new-member-name">Name</label>
          <input id="new-member-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Type a name and press Enter" maxLength={200} />
          {nameError && <small className="field-error" role="alert">{nameError}</small>}
        </div>
        <div className="field">
          <label htmlFor="new-member-role">Role</label>
          <select id="new-member-role" value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
            {TEAM_ROLES.map((r) => <option key={r} value={r}>{TEAM_ROLE_LABELS[r]}</option>)}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">Add member</button>
      </form>
      {data && data.members.length === 0 ? (
        <EmptyState title="Nobody on the team yet">
          Add the sponsor, the process owner, the engineers who can pull logs and change staging, and compliance.
        </EmptyState>
      ) : (
        <div className="member-table">
          {/* Column names once, for sighted readers; every field keeps its own label for screen readers. */}
          <div className="member-row member-table-head" aria-hidden="true">
            <span>Name</span><span>Role</span><span>Data access authority</span><span>Owns process stages</span><span>Staging</span><span />
          </div>
          <ul className="member-list" aria-label="Team members">
            {data?.members.map((m) => <MemberCard key={m.id} m={m} ops={ops} />)}
          </ul>
        </div>
      )}
    </div>
  );
}
