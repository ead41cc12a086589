import { navigate } from './router';
import type { Route } from './router';
import { sections } from './features/sections';
import { useAppStore } from './store';
import { call } from './api/client';
import { alreadyShown, saveIn } from './api/useChange';
import { saveDisplay } from './features/settings/useDisplay';

/** A user command, defined once and reachable from the palette, shortcuts and the app menu. */
export type AppCommand = Readonly<{
  id: string;
  title: string;
  shortcut?: string;
  run: () => void | Promise<void>;
}>;

/** Commands available on the current route. Features add theirs through `sections` (navigation) or here. */
export function commandsFor(route: Route): AppCommand[] {
  const store = useAppStore.getState();
  const list: AppCommand[] = [
    { id: 'home', title: 'Go to all events', run: () => navigate({ page: 'home' }) },
    { id: 'event.new', title: 'New event…', shortcut: 'Ctrl+N', run: () => { navigate({ page: 'home' }); store.setNewEventOpen(true); } },
    {
      id: 'demo.create',
      title: 'Create demo event',
      run: async () => {
        const e = await saveIn(['events'], () => call('demo-create', {})).catch(alreadyShown);
        if (e) navigate({ page: 'event', eventId: e.id, section: 'charter' });
      },
    },
    { id: 'archive.import', title: 'Import event…', run: () => { navigate({ page: 'home' }); store.setArchiveDialog('import'); } },
    { id: 'undo', title: 'Undo', shortcut: 'Ctrl+Z', run: async () => { await store.undo(); store.bumpData('events'); } },
    { id: 'redo', title: 'Redo', shortcut: 'Ctrl+Shift+Z', run: async () => { await store.redo(); store.bumpData('events'); } },
    { id: 'theme.light', title: 'Theme: light', run: () => saveDisplay({ theme: 'light' }) },
    { id: 'theme.dark', title: 'Theme: dark', run: () => saveDisplay({ theme: 'dark' }) },
    { id: 'theme.contrast', title: 'Theme: high contrast (projector)', run: () => saveDisplay({ theme: 'contrast' }) },
    { id: 'theme.system', title: 'Theme: follow the system', run: () => saveDisplay({ theme: 'system' }) },
  ];
  if (route.page === 'event') {
    list.push({ id: 'archive.export', title: 'Export event…', run: () => store.setArchiveDialog('export') });
    for (const s of sections) {
      list.push({ id: `go.${s.id}`, title: `Go to ${s.label}`, run: () => navigate({ page: 'event', eventId: route.eventId, section: s.id }) });
    }
  }
  return list;
}
