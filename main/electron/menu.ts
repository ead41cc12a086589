import type { MenuItemConstructorOptions } from 'electron';

/** App commands the menu sends to the renderer as 'menu-command' push events (the renderer owns the actions). */
export type MenuSend = (command: string) => void;

export function menuTemplate(send: MenuSend, isMac: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Event…', accelerator: 'CmdOrCtrl+N', click: () => send('event.new') },
        { label: 'Import Data…', accelerator: 'CmdOrCtrl+I', click: () => send('data.import') },
        { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: () => send('report.export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Command Palette', accelerator: 'CmdOrCtrl+K', click: () => send('palette.open') },
        { label: 'Presenter Mode', accelerator: 'F5', click: () => send('presenter.toggle') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
