import { useEffect, useState } from 'react';
import { useModalDialog } from '../../components/useModalDialog';
import { DisplaySettingsButton } from '../settings/DisplaySettingsButton';
import { useAppStore } from '../../store';
import './shortcuts.css';

/** Every keyboard shortcut of the app, by where it works (kept beside the code that handles them). */
const SHORTCUTS: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  ['Everywhere', [
    ['Ctrl+K', 'Command palette: every command and a search of every event'],
    ['Ctrl+N', 'New event'],
    ['Ctrl+Z', 'Undo the last change'],
    ['Ctrl+Shift+Z or Ctrl+Y', 'Redo'],
    ['? or F1', 'This list of shortcuts'],
    ['Esc', 'Close a dialog, the palette or a side panel'],
  ]],
  ['Presenter mode', [
    ['→ / ←', 'Next / previous agenda item'],
    ['Space', 'Start or pause the timer'],
    ['R', 'Reset the timer'],
    ['+', 'One more minute'],
    ['Esc', 'Leave presenter mode'],
  ]],
  ['Control charts', [
    ['+ / −', 'Zoom in / out'],
    ['← / →', 'Pan'],
    ['0', 'Show all points'],
  ]],
  ['Value-stream map', [
    ['Enter', 'Edit the focused stage'],
    ['← / →', 'Next / previous stage'],
    ['Alt+← / Alt+→', 'Move the stage'],
    ['Delete', 'Remove the stage'],
    ['Esc', 'Close the stage editor, leave Present'],
  ]],
  ['Affinity board', [
    ['← / →', 'Move the focused card to the next column'],
  ]],
];

function typing(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}

/**
 * "Commands Ctrl+K" and "?" at the head of the event's sidebar (the top bar is full at 1280 px while a timer runs),
 * and the shortcuts dialog that ? (outside a text field) and F1 open anywhere in an event. Rendered only inside an
 * event, so the locked participant screen has none.
 */
export function CommandsAndHelp() {
  const setPaletteOpen = useAppStore((s) => s.setPaletteOpen);
  const [open, setOpen] = useState(false);
  const ref = useModalDialog(open);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F1' || (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target))) {
        if (document.querySelector('dialog[open]') && !ref.current?.open) return;
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ref]);
  return (
    <div className="sidebar-tools">
      <button type="button" className="btn btn-small sidebar-commands" onClick={() => setPaletteOpen(true)} aria-keyshortcuts="Control+K">
        Commands <kbd>Ctrl+K</kbd>
      </button>
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)} aria-keyshortcuts="Shift+Slash F1" aria-label="Keyboard shortcuts (? or F1)">
        <kbd>?</kbd>
      </button>
      <DisplaySettingsButton />
      <dialog ref={ref} className="dialog shortcuts" aria-labelledby="shortcuts-title" onClose={() => setOpen(false)} data-testid="shortcuts-help">
        <div className="shortcuts-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>Close (Esc)</button>
        </div>
        <div className="shortcuts-groups">
          {SHORTCUTS.map(([group, keys]) => (
            <section key={group} aria-labelledby={`sc-${group}`}>
              <h3 id={`sc-${group}`}>{group}</h3>
              <dl>
                {keys.map(([k, what]) => (
                  <div key={k + what}><dt><kbd>{k}</kbd></dt><dd>{what}</dd></div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </dialog>
    </div>
  );
}
