import { useEffect } from 'react';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { SaveIndicator } from '../../components/SaveIndicator';
import { sections } from '../sections';
import { UndoRedoButtons } from './UndoRedoButtons';
import { Sidebar } from './Sidebar';
import { TimerWidget } from '../presenter/TimerWidget';
import { FacilitatorSwitch } from '../governance/FacilitatorSwitch';
import { ArchivedBanner } from '../knowledge/ArchiveControls';
import { ExportEventButton } from '../archive/ExportEventButton';

export function EventShell({ eventId, sectionId, sub }: { eventId: string; sectionId: string; sub?: string }) {
  const { data: event, error } = useCall('event-get', { id: eventId }, ['events']);
  useEffect(() => {
    void call('event-open', { id: eventId }).catch(() => undefined);
  }, [eventId]);

  if (error) {
    return (
      <main className="main-pane">
        <EmptyState title="This event cannot be opened" action={<a className="btn btn-primary" href="#/">Back to all events</a>}>
          {error}
        </EmptyState>
      </main>
    );
  }
  const section = sections.find((s) => s.id === sectionId) ?? sections[0]!;
  const Page = section.component;
  return (
    <div className="event-layout">
      <Sidebar eventId={eventId} eventName={event?.name} current={section} />
      <div className="main-column">
        <header className="topbar">
          <h1 className="topbar-title">{section.label}</h1>
          <div className="topbar-tools">
            <FacilitatorSwitch eventId={eventId} />
            <TimerWidget eventId={eventId} />
            <SaveIndicator />
            <UndoRedoButtons />
            {event && <ExportEventButton event={event} />}
          </div>
        </header>
        <main className="main-pane" id="main">
          {event && <ArchivedBanner event={event} />}
          {event ? <Page event={event} sub={sub} /> : <p className="muted">Loading…</p>}
        </main>
      </div>
    </div>
  );
}
