import * as electron from 'electron';
import { defaultAppPaths, startElectronApp } from './electron/app';

// Electron entry: lifecycle only. Everything else is in main/services, shared with browser mode and the CLI.
startElectronApp(electron, defaultAppPaths(__dirname)).catch((e: unknown) => {
  electron.dialog.showErrorBox('Kaizen Studio could not start', e instanceof Error ? e.message : String(e));
  electron.app.exit(1);
});
