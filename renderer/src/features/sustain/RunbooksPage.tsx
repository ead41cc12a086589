import { useState } from 'react';
import { RUNBOOK_KINDS, RUNBOOK_KIND_LABELS, RUNBOOK_MAX_CHARS } from '../../../../common/contract/schemas/sustain';
import type { RunbookKind, RunbookWithVersion } from '../../../../common/contract/schemas/sustain';
import { formatDateTime } from '../../format';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store';
import type { SectionProps } from '../sectionProps';
import { RunbookHistory } from './RunbookHistory';
import { SafeMarkdown } from './SafeMarkdown';
import './sustain.css';

const AREAS = ['runbooks'] as const;
type Tab = 'read' | 'edit' | 'history';

/** A link in a runbook is never followed by the app: its address is copied for the team's own browser. */
function copyLink(href: string): void {
  const { toast } = useAppStore.getState();
  const say = () => toast({ kind: 'info', message: `Link not opened. Address: ${href} — open it in your browser.` });
  if (!navigator.clipboard) return say();
  navigator.clipboard.writeText(href).then(
    () => toast({ kind: 'info', message: `Link address copied (${href}): paste it in your browser.` }),
    say,
  );
}

function Editor({ current, ops, onSaved }: Readonly<{ current: RunbookWithVersion; ops: ChangeOps; onSaved: () => void }>) {
  const [title, setTitle] = useState(current.version.title);
  const [body, setBody] = useState(current.version.body);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const base = current.version.version;
  const save = () => {
    if (!title.trim()) return setProblem('Give the runbook a title.');
    setProblem(null);
    ops
      .save(() => call('runbook-save', { id: current.runbook.id, baseVersion: base, title: title.trim(), body, note: note.trim() }), { quiet: true })
      .then((r) => {
        if (!r.created) setProblem('Nothing changed since this version: no new version was saved.');
        else onSaved();
      })
      .catch((e: unknown) => setProblem(errorMessage(e)));
  };
  return (
    <form className="runbook-editor" aria-label="Edit runbook" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <div className="field">
        <label htmlFor="runbook-title">Title</label>
        <input id="runbook-title" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="runbook-body">Runbook (Markdown: # headings, 1. steps, - lists, [links](https://…))</label>
        <textarea id="runbook-body" value={body} maxLength={RUNBOOK_MAX_CHARS} onChange={(e) => setBody(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="runbook-note">What changed (optional)</label>
        <input id="runbook-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder="e.g. added the cache checks" />
      </div>
      <div className="runbook-actions">
        <button type="submit" className="btn btn-primary">Save as version {base + 1}</button>
        <span className="muted">Editing from version {base}. Earlier versions are kept.</span>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
    </form>
  );
}

/**
 * Runbooks: Markdown per event (monitoring, incident response, rollback) from templates. Every save is a new
 * version; any two versions can be compared line by line and an old one restored as a new version. Rendered
 * as React elements without raw HTML; links are shown and copied, never followed.
 */
export function RunbooksPage({ event }: SectionProps) {
  const eventId = event.id;
  const { data: runbooks, error } = useCall('runbook-list', { eventId }, AREAS);
  const ops = useChange(AREAS);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('read');
  const [kind, setKind] = useState<RunbookKind>('monitoring');
  const id = selected && runbooks?.some((r) => r.id === selected) ? selected : (runbooks?.[0]?.id ?? null);
  const current = useCall('runbook-get', id ? { id } : null, AREAS);
  const create = (k: RunbookKind) => {
    ops
      .save(() => call('runbook-create', { eventId, kind: k }))
      .then((r) => {
        setSelected(r.runbook.id);
        setTab('edit');
      })
      .catch(() => undefined);
  };
  const shown = current.data && current.data.runbook.id === id ? current.data : null;
  return (
    <div>
      {error && <p className="error-banner" role="alert">{error}</p>}
      {runbooks && runbooks.length === 0 ? (
        <EmptyState
          title="No runbooks yet"
          action={RUNBOOK_KINDS.map((k) => (
            <button key={k} type="button" className="btn btn-primary" onClick={() => create(k)}>
              New {RUNBOOK_KIND_LABELS[k].toLowerCase()} runbook
            </button>
          ))}
        >
          A runbook says step by step what to do: the routine check of a KPI, the response to an incident, a rollback. Start from a template and make it yours; every save is kept as a version.
        </EmptyState>
      ) : (
        <div className="runbooks-page">
          <nav aria-label="Runbooks">
            <ul className="runbook-list">
              {runbooks?.map((r) => (
                <li key={r.id}>
                  <button type="button" aria-current={r.id === id} onClick={() => { setSelected(r.id); setTab('read'); }}>
                    {r.title}
                    <small>
                      {RUNBOOK_KIND_LABELS[r.kind]} · version {r.latestVersion}
                      {r.linkedKpis.length > 0 && ` · ${r.linkedKpis.join(', ')}`}
                    </small>
                  </button>
                </li>
              ))}
            </ul>
            <form className="runbook-new card" aria-label="New runbook" onSubmit={(e) => { e.preventDefault(); create(kind); }}>
              <label htmlFor="runbook-kind">New runbook from a template</label>
              <select id="runbook-kind" value={kind} onChange={(e) => setKind(e.target.value as RunbookKind)}>
                {RUNBOOK_KINDS.map((k) => <option key={k} value={k}>{RUNBOOK_KIND_LABELS[k]}</option>)}
              </select>
              <button type="submit" className="btn">Create</button>
            </form>
          </nav>
          {shown && (
            <section className="card" aria-label={shown.runbook.title}>
              <div className="runbook-tabs" role="group" aria-label="View">
                {(['read', 'edit', 'history'] as const).map((t) => (
                  <button key={t} type="button" className="btn btn-small" aria-pressed={tab === t} onClick={() => setTab(t)}>
                    {t === 'read' ? 'Read' : t === 'edit' ? 'Edit' : 'History and changes'}
                  </button>
                ))}
              </div>
              {tab === 'read' && (
                <>
                  <p className="muted">
                    {RUNBOOK_KIND_LABELS[shown.runbook.kind]} · version {shown.version.version} · saved {formatDateTime(shown.version.createdAt)} by {shown.version.author}
                  </p>
                  <SafeMarkdown text={shown.version.body} onLink={copyLink} />
                </>
              )}
              {tab === 'edit' && <Editor key={`${shown.runbook.id}:${shown.version.version}`} current={shown} ops={ops} onSaved={() => setTab('read')} />}
              {tab === 'history' && <RunbookHistory runbookId={shown.runbook.id} ops={ops} onRestored={() => setTab('read')} />}
            </section>
          )}
        </div>
      )}
    </div>
  );
}
