import { useState } from 'react';
import { LESSON_KINDS, LESSON_KIND_LABELS } from '../../../../common/contract/schemas/knowledge';
import type { Lesson, LessonKind } from '../../../../common/contract/schemas/knowledge';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { newId, useChange } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { AutosaveText } from '../../components/fields';
import type { SectionProps } from '../sectionProps';
import './knowledge.css';

const AREAS = ['lessons'] as const;

function LessonRow({ lesson, ops, readOnly }: { lesson: Lesson; ops: ChangeOps; readOnly: boolean }) {
  const { id, eventId, kind, text, position } = lesson;
  return (
    <li className="lesson" data-testid="lesson">
      {readOnly ? (
        <span>{text}</span>
      ) : (
        <AutosaveText
          label={`${LESSON_KIND_LABELS[kind]}: lesson`}
          value={text}
          onCommit={(v) => ops.change({ label: 'edit lesson', run: () => call('lesson-update', { id, patch: { text: v } }), undo: () => call('lesson-update', { id, patch: { text } }) })}
          validate={(v) => (v.trim() ? null : 'Write the lesson, or remove it.')}
        />
      )}
      {!readOnly && (
        <button
          type="button"
          className="btn btn-small btn-danger-outline"
          aria-label={`Remove lesson ${text}`}
          onClick={() => ops.act({ label: 'remove lesson', run: () => call('lesson-remove', { id }), undo: () => call('lesson-add', { eventId, id, kind, text, position }), offerUndo: { message: 'Removed the lesson.' } })}
        >
          Remove
        </button>
      )}
    </li>
  );
}

function AddLesson({ eventId, kind, ops }: { eventId: string; kind: LessonKind; ops: ChangeOps }) {
  const [text, setText] = useState('');
  const add = async () => {
    const t = text.trim();
    if (!t) return;
    const id = newId();
    try {
      await ops.change({ label: 'add lesson', run: () => call('lesson-add', { eventId, id, kind, text: t }), undo: () => call('lesson-remove', { id }) });
      setText('');
    } catch {
      /* toast shown */
    }
  };
  return (
    <form className="lesson-add" onSubmit={(e) => { e.preventDefault(); void add(); }}>
      <label className="visually-hidden" htmlFor={`lesson-add-${kind}`}>Add to {LESSON_KIND_LABELS[kind]}</label>
      <input id={`lesson-add-${kind}`} value={text} maxLength={2000} placeholder="Type a lesson and press Enter" onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="btn btn-small">Add</button>
    </form>
  );
}

/** Lessons learned: a short list per event — what worked, what did not, what to do next time. In the report. */
export function LessonsPage({ event }: SectionProps) {
  const { data, error } = useCall('lesson-list', { eventId: event.id }, AREAS);
  const ops = useChange(AREAS);
  const readOnly = event.archivedAt !== null;
  return (
    <div className="lessons-page">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <p className="muted">A few lines each, written at the close-out. They go in the event report and are found by search from later events.</p>
      <div className="lesson-columns">
        {LESSON_KINDS.map((k) => {
          const list = (data ?? []).filter((l) => l.kind === k);
          return (
            <section key={k} className="card lesson-column" aria-labelledby={`lessons-${k}`}>
              <h2 id={`lessons-${k}`}>{LESSON_KIND_LABELS[k]}</h2>
              <ul className="lesson-list">
                {list.map((l) => <LessonRow key={l.id} lesson={l} ops={ops} readOnly={readOnly} />)}
                {data && list.length === 0 && <li className="muted">Nothing yet.</li>}
              </ul>
              {!readOnly && <AddLesson eventId={event.id} kind={k} ops={ops} />}
            </section>
          );
        })}
      </div>
    </div>
  );
}
