import { useState } from 'react';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import { ExportArchiveDialog } from './ExportArchiveDialog';

/** "Export event…" in the event's top bar: the event as one .kaizen file for another computer. */
export function ExportEventButton({ event }: { event: KaizenEvent }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>Export event…</button>
      {open && <ExportArchiveDialog event={event} onClose={() => setOpen(false)} />}
    </>
  );
}
