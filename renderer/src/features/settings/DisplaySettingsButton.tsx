import { useState } from 'react';
import { useModalDialog } from '../../components/useModalDialog';
import type { ThemeChoice } from '../../../../common/contract/schemas/settings';
import { systemLocale, useFormats } from '../../format';
import { useDisplaySettings } from './useDisplay';

const THEMES: readonly [ThemeChoice, string][] = [
  ['system', 'Follow the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
  ['contrast', 'High contrast (projector)'],
];

const LOCALES: readonly [string, string][] = [
  ['en-GB', 'English (UK)'],
  ['en-US', 'English (US)'],
  ['de-DE', 'Deutsch (Deutschland)'],
  ['fr-FR', 'Français (France)'],
  ['es-ES', 'Español (España)'],
  ['nl-NL', 'Nederlands'],
  ['ja-JP', '日本語'],
];

/** A "Display" button and its dialog: theme and the locale of every date and number (saved in main's settings). */
export function DisplaySettingsButton({ className = 'btn btn-small' }: { className?: string }) {
  const [open, setOpen] = useState(false);
  const ref = useModalDialog(open);
  const { settings, save } = useDisplaySettings();
  const f = useFormats();
  const os = systemLocale();
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} aria-label="Display: theme, date and number format">
        <span aria-hidden="true">◐</span>
      </button>
      <dialog ref={ref} className="dialog display-settings" aria-labelledby="display-title" onClose={() => setOpen(false)} data-testid="display-settings">
        <h2 id="display-title">Display</h2>
        <div className="field">
          <label htmlFor="display-theme">Theme</label>
          <select id="display-theme" value={settings.theme} onChange={(e) => void save({ theme: e.target.value as ThemeChoice })}>
            {THEMES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="display-locale">Dates and numbers</label>
          <select id="display-locale" value={settings.locale ?? ''} onChange={(e) => void save({ locale: e.target.value || null })}>
            <option value="">System ({os})</option>
            {LOCALES.map(([v, label]) => <option key={v} value={v}>{label} — {v}</option>)}
          </select>
          <span className="hint">
            Example: {f.date('2026-11-09')} · {f.time(new Date(2026, 10, 9, 14, 5))} · {f.number(12345.67)}. Reports keep their own fixed formats.
          </span>
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn btn-primary" onClick={() => setOpen(false)}>Done</button>
        </div>
      </dialog>
    </>
  );
}
