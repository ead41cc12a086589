import { useState } from 'react';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import { useAppStore } from '../../store';
import { ExportArchiveDialog } from './ExportArchiveDialog';

/** "Export event…" in the event's top bar (and the command palette): the event as one .kaizen file for another computer. */
export function ExportEventButton({ event }: { event: KaizenEvent }) {
  const [clicked, setClicked] = useState(false);
  const asked = useAppStore((s) => s.archiveDialog === 'export');
  const setArchiveDialog = useAppStore((s) => s.setArchiveDialog);
  const close = () => {
    setClicked(false);
    setArchiveDialog(null);
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => setClicked(true)}>Export event…</button>
      {(clicked || asked) && <ExportArchiveDialog event={event} onClose={close} />}
    </>
  );
}
