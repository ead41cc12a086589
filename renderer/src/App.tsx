import { useEffect, useRef } from 'react';
import { onPush } from './api/client';
import { Toasts } from './components/Toasts';
import { StoreWarning } from './components/StoreWarning';
import { CommandPalette } from './components/CommandPalette';
import { commandsFor } from './commands';
import { HomePage } from './features/home/HomePage';
import { EventShell } from './features/shell/EventShell';
import { useUndoRedo } from './features/shell/UndoRedoButtons';
import { ParticipantScreen } from './features/lock/ParticipantScreen';
import { useCall } from './api/useCall';
import { parseRoute, useRoute } from './router';
import { useAppStore } from './store';
import { useDisplaySetup } from './features/settings/useDisplay';

function isTextInput(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}

export function App() {
  const route = useRoute();
  useDisplaySetup();
  // Re-render the tree when the locale changes, so every date and number is formatted again.
  useAppStore((s) => s.locale);
  const bump = useAppStore((s) => s.bumpData);
  const setPaletteOpen = useAppStore((s) => s.setPaletteOpen);
  const { undo, redo } = useUndoRedo();
  // The locked participant screen (features/lock): main holds the lock, so whatever the route, a reload or back/forward
  // lands on it; nothing of the facilitator's app renders or answers shortcuts until the passphrase ends it.
  const { data: lock, error: lockError } = useCall('lock-active', {}, ['lock']);
  const lockedRef = useRef(false);
  lockedRef.current = lock !== null && lock !== undefined;

  useEffect(() => onPush((e) => {
    if (e.name === 'data-changed') bump(e.payload.area);
    if (e.name === 'menu-commanded' && !lockedRef.current) {
      if (e.payload.command === 'palette.open') setPaletteOpen(true);
      else void commandsFor(parseRoute(window.location.hash)).find((c) => c.id === e.payload.command)?.run();
    }
  }), [bump, setPaletteOpen]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (lockedRef.current) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPaletteOpen(true);
      } else if (mod && e.key.toLowerCase() === 'n' && !e.shiftKey) {
        e.preventDefault();
        void commandsFor(route).find((c) => c.id === 'event.new')?.run();
      } else if (mod && e.key.toLowerCase() === 'z' && !isTextInput(e.target)) {
        e.preventDefault();
        void (e.shiftKey ? redo() : undo());
      } else if (mod && e.key.toLowerCase() === 'y' && !isTextInput(e.target)) {
        e.preventDefault();
        void redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, setPaletteOpen, route]);

  if (lock === undefined && lockError === null) return null;
  if (lock) {
    return (
      <>
        <a className="skip-link" href="#main">Skip to content</a>
        <ParticipantScreen lock={lock} />
        <Toasts />
      </>
    );
  }
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <StoreWarning />
      {route.page === 'home' ? <HomePage /> : <EventShell eventId={route.eventId} sectionId={route.section} sub={route.sub} />}
      <Toasts />
      <CommandPalette />
    </>
  );
}
