import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { EventBus } from './eventBus';
import { closeDatabase, openDatabase } from './db/connection';
import type { Db } from './db/connection';
import { createDispatch } from './dispatch';
import { jobsFor } from './jobs';
import { storeError } from './storeErrors';
import type { StoreErrorContext } from './storeErrors';
import type { Dispatch, Logger } from './dispatch';
import type { HandlerMap } from './handlers';
import { systemClock } from './context';
import type { Clock, Platform, ServiceContext } from './context';
import { appVersion, defaultResourcesDir } from './resources';
import { countEvents } from './db/repositories/events';
import { FileHandles } from './services/fileHandles';
import { createDemoEvent } from './services/demo';
import { systemHandlers } from './services/system';
import { eventHandlers } from './services/events';
import { teamHandlers } from './services/team';
import { datasetHandlers } from './services/datasets';
import { vsmHandlers } from './services/vsm';
import { reportHandlers } from './services/reports';
import { bindReportReader } from './reports/reader';
import { workshopHandlers } from './services/workshop';
import { affinityHandlers } from './services/affinity';
import { matrixHandlers } from './services/matrix';
import { whysHandlers } from './services/whys';
import { fishboneHandlers } from './services/fishbone';
import { parkingHandlers } from './services/parking';
import { actionHandlers } from './services/actions';
import { decisionHandlers } from './services/decisions';
import { kpiHandlers } from './services/kpi';
import { spcHandlers } from './services/spc';
import { analysisHandlers } from './services/analysis';

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

function buildHandlers(ctx: ServiceContext): HandlerMap {
  return {
    ...systemHandlers(ctx),
    ...eventHandlers(ctx),
    ...teamHandlers(ctx),
    ...datasetHandlers(ctx),
    ...vsmHandlers(ctx),
    ...reportHandlers(ctx),
    ...workshopHandlers(ctx),
    ...affinityHandlers(ctx),
    ...matrixHandlers(ctx),
    ...whysHandlers(ctx),
    ...fishboneHandlers(ctx),
    ...parkingHandlers(ctx),
    ...actionHandlers(ctx),
    ...decisionHandlers(ctx),
    ...kpiHandlers(ctx),
    ...spcHandlers(ctx),
    ...analysisHandlers(ctx),
  };
}

/** Composition root: opens the store, builds every service and the dispatcher all transports share. */
export async function createServices(opts: ServicesOptions): Promise<Services> {
  const dataDir = path.resolve(opts.dataDir);
  const bus = new EventBus();
  const store: StoreErrorContext = { folder: dataDir, busyWith: () => (jobsFor(bus).runningKinds().includes('import') ? 'an import' : null) };
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
  };
  if (opts.seedDemo && countEvents(db) === 0) {
    try {
      await createDemoEvent(ctx);
    } catch (e) {
      closeDatabase(db);
      throw storeError(e, store) ?? e;
    }
  }
  const dispatch = createDispatch(buildHandlers(ctx), opts.logger ?? consoleLogger, store);
  bindReportReader(ctx, dispatch);
  return { ctx, db, bus, dispatch, close: () => closeDatabase(db) };
}
