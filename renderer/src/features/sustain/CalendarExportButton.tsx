import { useState } from 'react';
import { call } from '../../api/client';
import { downloadBlob } from '../../export/download';

/**
 * "Calendar (.ics)": downloads the event's follow-up calendar — the event's days, action due dates, change-freeze
 * windows (and reviews) — for Outlook, Google or Apple Calendar. Importing a newer file updates the same entries.
 */
export function CalendarExportButton({ eventId }: { eventId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await call('sustain-calendar', { eventId });
      downloadBlob(file.fileName, new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        onClick={() => void download()}
        title="Due dates, freeze windows and the event's days as an iCalendar file; importing a newer one updates the same entries"
      >
        {busy ? 'Preparing…' : 'Calendar (.ics)'}
      </button>
      {error && <small className="field-error" role="alert">Calendar export failed: {error}</small>}
    </>
  );
}
