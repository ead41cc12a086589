import type { Db } from './db/connection';
import type { EventBus } from './eventBus';
import type { JobRegistry } from './jobs';
import type { FileHandles } from './services/system/fileHandles';
import type { SecretStore } from './secretStore';

export type Clock = Readonly<{ now: () => Date }>;
export const systemClock: Clock = { now: () => new Date() };

export type Transport = 'electron' | 'browser' | 'cli' | 'test';

/** Native capabilities only some transports have (Electron dialogs). */
export type Platform = Readonly<{
  transport: Transport;
  showOpenDialog?: (o: { title?: string; filters?: { name: string; extensions: string[] }[] }) => Promise<{ canceled: boolean; paths: string[] }>;
  showSaveDialog?: (o: { title?: string; defaultName?: string; filters?: { name: string; extensions: string[] }[] }) => Promise<{ canceled: boolean; path: string | null }>;
  /** Prints a self-contained HTML document to PDF (Electron: webContents.printToPDF). Absent: reports use a local Chromium. */
  printToPdf?: (html: string) => Promise<Buffer>;
  /** Passwords of linked sources: the OS keychain in the desktop app; absent → environment variables (secretStore.ts). */
  secrets?: SecretStore;
}>;

/** Everything a service needs, built once in createServices. */
export type ServiceContext = Readonly<{
  db: Db;
  dbPath: string;
  dataDir: string;
  /** Folder holding demo/, fonts and the report stylesheet. */
  resourcesDir: string;
  clock: Clock;
  bus: EventBus;
  platform: Platform;
  newId: () => string;
  nowIso: () => string;
  /** Who is acting, for the change log. The desktop app has one local user. */
  actor: string;
  version: string;
  /** Paths the user chose in a native dialog, handed to the renderer only as opaque handles. */
  files: FileHandles;
  /** Long jobs (imports, report exports): progress events and one cancel ('job-cancel') for every kind. */
  jobs: JobRegistry;
  /** What the app found wrong with the store after it opened (the background integrity check); shown to every window. */
  health: { storeWarning: string | null };
  /** better_sqlite3.node built for the running ABI (Electron's), for connections opened elsewhere (the import worker). */
  nativeBinding?: string;
}>;

/** What read-only work needs: an analysis computing in its worker thread on its own connection has only this. */
export type ReadContext = Pick<ServiceContext, 'db'>;
