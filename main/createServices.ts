import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { EventBus } from './eventBus';
import { fullCheckInBackground } from './db/backgroundCheck';
import { closeDatabase, openDatabase } from './db/connection';
import type { Db } from './db/connection';
import { createDispatch } from './dispatch';
import { JobRegistry } from './jobs';
import { storeError } from './storeErrors';
import type { StoreErrorContext } from './storeErrors';
import type { Dispatch, Logger } from './dispatch';
import type { HandlerMap } from './handlers';
import { systemClock } from './context';
import type { Clock, Platform, ServiceContext } from './context';
import { appVersion, defaultResourcesDir } from './resources';
import { countEvents } from './db/repositories/events';
import { FileHandles } from './services/system/fileHandles';
import { createDemoEvent } from './services/demo/createDemo';
import { systemHandlers } from './services/system/handlers';
import { eventHandlers } from './services/events/handlers';
import { teamHandlers } from './services/team/handlers';
import { datasetHandlers } from './services/datasets/handlers';
import { vsmHandlers } from './services/vsm/handlers';
import { reportHandlers } from './services/reports/handlers';
import { workshopHandlers } from './services/workshop/handlers';
import { improveHandlers } from './services/improve/handlers';
import { rootcauseHandlers } from './services/rootcause/handlers';
import { demoHandlers } from './services/demo/handlers';
import { kpiHandlers } from './services/kpi/handlers';
import { spcHandlers } from './services/spc/handlers';
import { analysisHandlers } from './services/analysis/handlers';
import { governanceHandlers } from './services/governance/handlers';
import { sustainHandlers } from './services/sustain/handlers';
import { registryHandlers } from './services/governance/registryHandlers';
import { signoffHandlers } from './services/governance/signoffs';
import { freezeHandlers } from './services/governance/freeze';
import { dpaHandlers } from './services/governance/dpa';
import { archiveHandlers } from './services/archive/handlers';
import { knowledgeHandlers } from './services/knowledge/handlers';
import { settingsHandlers } from './services/settings/handlers';
import { opsHandlers } from './services/ops/handlers';
import { clickhouseHandlers } from './services/sources/clickhouse/handlers';
import { lifecycleHandlers } from './services/lifecycle/handlers';
import { sourceHandlers } from './services/sources/handlers';
import { createArchivedGuard } from './services/knowledge/guard';
import { createLockGuard } from './services/workshop/lockGuard';
import { createRoom } from './room/handlers';
import type { Room, RoomOptions } from './room/handlers';

export type ServicesOptions = Readonly<{
  dataDir: string;
  clock?: Clock;
  platform?: Platform;
  nativeBinding?: string;
  resourcesDir?: string;
  logger?: Logger;
  /** Create the demo event when the database is new (app launch). Off for the CLI and most tests. */
  seedDemo?: boolean;
  newId?: () => string;
  /**
   * Run the full integrity check in a worker after open (the app and `kaizen serve`; short CLI commands skip
   * it). Damage found there is pushed as 'store-warning', logged, and the store turns read-only.
   */
  backgroundCheck?: boolean;
  /** Room mode (main/room): where phones load the participant page from, and test-sized limits. */
  room?: RoomOptions;
}>;

export type Services = Readonly<{
  ctx: ServiceContext;
  db: Db;
  bus: EventBus;
  dispatch: Dispatch;
  close: () => void;
}>;

export const DB_FILE = 'kaizen.db';

const consoleLogger: Logger = { error: (m, e) => console.error(`[kaizen] ${m}:`, e) };

/** The handler map: one factory per contract area (main/services/<area>/handlers.ts). */
function buildHandlers(ctx: ServiceContext, room: Room): HandlerMap {
  const areas = {
    ...systemHandlers(ctx),
    ...eventHandlers(ctx),
    ...teamHandlers(ctx),
    ...datasetHandlers(ctx),
    ...vsmHandlers(ctx),
    ...workshopHandlers(ctx),
    ...improveHandlers(ctx),
    ...rootcauseHandlers(ctx),
    ...kpiHandlers(ctx),
    ...spcHandlers(ctx),
    ...analysisHandlers(ctx),
    ...governanceHandlers(ctx),
    ...signoffHandlers(ctx),
    ...freezeHandlers(ctx),
    ...dpaHandlers(ctx),
    ...demoHandlers(ctx),
    ...registryHandlers(ctx),
    ...sustainHandlers(ctx),
    ...archiveHandlers(ctx),
    ...knowledgeHandlers(ctx),
    ...settingsHandlers(ctx),
    ...opsHandlers(ctx),
    ...clickhouseHandlers(ctx),
    ...lifecycleHandlers(ctx),
    ...sourceHandlers(ctx),
    ...room.handlers,
  };
  // Reports read the other areas through their handler functions, handed over here (no dispatch, no locator).
  return { ...areas, ...reportHandlers(ctx, areas) };
}

/** Composition root: opens the store, builds every service and the dispatcher all transports share. */
export async function createServices(opts: ServicesOptions): Promise<Services> {
  const dataDir = path.resolve(opts.dataDir);
  const bus = new EventBus();
  const jobs = new JobRegistry(bus);
  const store: StoreErrorContext = { folder: dataDir, busyWith: () => (jobs.runningKinds().includes('import') ? 'an import' : null) };
  const dbPath = path.join(dataDir, DB_FILE);
  const clock = opts.clock ?? systemClock;
  // Creates the data folder too; a folder that cannot be made or written comes back as READ_ONLY.
  const db = await openDatabase(dbPath, { nativeBinding: opts.nativeBinding, now: clock.now });
  const ctx: ServiceContext = {
    db,
    dbPath,
    dataDir,
    resourcesDir: opts.resourcesDir ?? defaultResourcesDir(),
    clock,
    bus,
    platform: opts.platform ?? { transport: 'test' },
    newId: opts.newId ?? randomUUID,
    nowIso: () => clock.now().toISOString(),
    actor: 'local user',
    version: appVersion(),
    files: new FileHandles(() => clock.now().getTime()),
    nativeBinding: opts.nativeBinding,
    jobs,
    health: { storeWarning: null },
  };
  if (opts.seedDemo && countEvents(db) === 0) {
    try {
      await createDemoEvent(ctx);
    } catch (e) {
      closeDatabase(db);
      throw storeError(e, store) ?? e;
    }
  }
  const logger = opts.logger ?? consoleLogger;
  const room = createRoom(ctx, opts.room);
  const archived = createArchivedGuard(db);
  const locked = createLockGuard(ctx);
  const dispatch = createDispatch(buildHandlers(ctx, room), logger, store, (method, input) => {
    archived(method, input);
    locked(method, input);
  });
  room.attach(dispatch);
  const check = opts.backgroundCheck ? fullCheckInBackground(dbPath, { nativeBinding: opts.nativeBinding }) : null;
  void check?.done.then((result) => {
    if (result === null || result === 'ok' || !db.open) return;
    // Never write to a damaged file: from here on every write is refused; reading (and exporting) still works.
    db.pragma('query_only = ON');
    const message = `The data file ${dbPath} failed its full integrity check (${result}). Nothing more will be written to it: export what you need and restore a backup, or choose another data folder.`;
    logger.error('store integrity check', new Error(message));
    ctx.health.storeWarning = message;
    bus.emit('store-warning', { message });
  });
  return {
    ctx,
    db,
    bus,
    dispatch,
    close: () => {
      void check?.stop();
      // Room mode ends with the app: the listener closes, every participant token dies.
      void room.stop();
      closeDatabase(db);
    },
  };
}
