import { z } from 'zod';
import { method } from './define';
import { ById, ByEvent, Id, IsoDateTime, LongText, ShortText } from './common';
import { MAP_KINDS, TEMPLATES, TIME_UNITS } from '../../domain/vsm/types';
import type * as Domain from '../../domain/vsm/types';

export { MAP_KINDS, TEMPLATES, TIME_UNITS };

export const TimeUnit = z.enum(TIME_UNITS);
export type TimeUnit = z.infer<typeof TimeUnit>;

/** A duration as the user typed it: value plus unit. Converted to ms only for computing. */
export const Duration = z.object({ value: z.number().finite().min(0, 'must be 0 or more'), unit: TimeUnit });
export type Duration = z.infer<typeof Duration>;

const Percent = z.number().finite().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');

/** Where a value came from when it was filled from a pipeline log. */
export const FillSource = z.object({
  /** The value the log gave: milliseconds for PT and WT, percent for %C&A. */
  value: z.number(),
  sampleSize: z.number().int().min(0),
  datasetId: Id,
  datasetName: ShortText,
  version: z.number().int(),
  percentile: z.number().min(1).max(99),
  logStages: z.array(ShortText),
  at: IsoDateTime,
  /** True when the user typed a different value after the fill: the override is shown next to the log value. */
  overridden: z.boolean(),
});
export type FillSource = z.infer<typeof FillSource>;

export const FILLABLE = ['pt', 'wt', 'ca'] as const;
export type Fillable = (typeof FILLABLE)[number];

export const StageFields = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  /** Process time per item. */
  pt: Duration.nullable(),
  /** Wait / queue time before the stage. */
  wt: Duration.nullable(),
  /** % complete and accurate (first pass). */
  ca: Percent.nullable(),
  /** Uptime / availability in %. */
  uptime: Percent.nullable(),
  batchSize: z.number().int().min(1).nullable(),
  frequency: ShortText,
  ownerId: Id.nullable(),
  system: ShortText,
  people: z.number().int().min(0).max(10_000).nullable(),
  notes: LongText,
  /** Adjacent stages with the same non-empty group run as parallel branches. */
  parallelGroup: z.string().trim().max(40),
  /** Rework loop: items failing here go back to this earlier stage (or this one) with share reworkShare. */
  reworkToId: Id.nullable(),
  reworkShare: z.number().finite().min(0, 'must be between 0 and 0.95').max(0.95, 'must be between 0 and 0.95'),
  filled: z.object({ pt: FillSource.optional(), wt: FillSource.optional(), ca: FillSource.optional() }),
});
export type StageFields = z.infer<typeof StageFields>;

export const Stage = StageFields.extend({ id: Id, mapId: Id, position: z.number().int() });
export type Stage = z.infer<typeof Stage>;

export const External = z.object({
  id: Id,
  kind: z.enum(['supplier', 'customer']),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  sla: ShortText,
});
export type External = z.infer<typeof External>;

export const MapFields = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  /** Demand: items per period (for takt). */
  demand: z.number().finite().positive('must be more than 0').nullable(),
  /** Available working time per the same period (for takt). */
  availableTime: Duration.nullable(),
  /** Unit used to show totals (lead time, takt). */
  displayUnit: TimeUnit,
  externals: z.array(External).max(20),
  /** How the last fill was made, so a new dataset version can refresh it. */
  fillSettings: z
    .object({ datasetId: Id, percentile: z.number().min(1).max(99), mapping: z.record(z.string(), Id.nullable()) })
    .nullable(),
});
export type MapFields = z.infer<typeof MapFields>;

export const Burst = z.object({
  id: Id,
  mapId: Id,
  stageId: Id.nullable(),
  title: z.string().trim().min(1, 'must not be empty').max(300),
  notes: LongText,
});
export type Burst = z.infer<typeof Burst>;

export const VsmMap = MapFields.extend({
  id: Id,
  eventId: Id,
  kind: z.enum(MAP_KINDS),
  basedOnId: Id.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  stages: z.array(Stage),
  bursts: z.array(Burst),
});
export type VsmMap = z.infer<typeof VsmMap>;

export const MapSummary = VsmMap.pick({ id: true, name: true, kind: true, basedOnId: true, updatedAt: true }).extend({
  stageCount: z.number().int(),
});
export type MapSummary = z.infer<typeof MapSummary>;

export const Template = z.enum(TEMPLATES);
export type Template = z.infer<typeof Template>;

/** Metrics are computed in common/domain/vsm; this is their wire shape (loose: the domain type is the truth). */
const Metrics = z.record(z.string(), z.unknown());

/** A stage's log-derived suggestion before it is applied. */
export const FillSuggestion = z.object({
  stageId: Id,
  logStages: z.array(z.string()),
  sampleSize: z.number().int(),
  ptMs: z.number().nullable(),
  wtMs: z.number().nullable(),
  caPercent: z.number().nullable(),
});

const FillInput = z.object({
  mapId: Id,
  datasetId: Id,
  version: z.number().int().optional(),
  percentile: z.number().min(1).max(99).default(50),
  /** Log stage name → map stage id (null: leave it out). Names not listed are matched by name (case-insensitive). */
  mapping: z.record(z.string(), Id.nullable()).default({}),
});

export const vsmMethods = {
  'vsm-list': method(ByEvent, z.array(MapSummary)),
  'vsm-get': method(z.object({ mapId: Id }), z.object({ map: VsmMap, metrics: Metrics, staleFill: z.object({ usedVersion: z.number(), latestVersion: z.number() }).nullable() })),
  'vsm-create': method(
    z.object({
      eventId: Id,
      id: Id.optional(),
      name: MapFields.shape.name.optional(),
      /** Defaults to 'future' when copying, else 'current'. */
      kind: z.enum(MAP_KINDS).optional(),
      template: Template.default('ai-workflow'),
      copyFromId: Id.optional(),
      /** A full map as returned by vsm-get (undo of a removal); ids are kept. */
      snapshot: VsmMap.optional(),
    }),
    VsmMap,
  ),
  'vsm-update': method(z.object({ mapId: Id, patch: MapFields.partial() }), VsmMap),
  'vsm-remove': method(z.object({ mapId: Id }), VsmMap),
  'vsm-stage-add': method(
    z.object({ mapId: Id, id: Id.optional(), index: z.number().int().min(0).optional(), stage: StageFields.partial().extend({ name: StageFields.shape.name }) }),
    Stage,
  ),
  'vsm-stage-update': method(z.object({ id: Id, patch: StageFields.partial() }), Stage),
  /** Returns what undo needs: the stage, its index, the rework loops that pointed at it and the bursts unpinned from it. */
  'vsm-stage-remove': method(
    ById,
    Stage.extend({ index: z.number().int(), clearedLoops: z.array(z.object({ id: Id, reworkShare: z.number() })), unpinnedBursts: z.array(Id) }),
  ),
  'vsm-stage-move': method(z.object({ id: Id, toIndex: z.number().int().min(0) }), z.array(Stage)),
  'vsm-burst-add': method(z.object({ mapId: Id, id: Id.optional(), stageId: Id.nullable(), title: Burst.shape.title, notes: LongText.default('') }), Burst),
  'vsm-burst-update': method(z.object({ id: Id, patch: Burst.pick({ stageId: true, title: true, notes: true }).partial() }), Burst),
  'vsm-burst-remove': method(ById, Burst),
  'vsm-fill-preview': method(FillInput, z.object({ logStages: z.array(z.object({ name: z.string(), runs: z.number().int() })), suggestions: z.array(FillSuggestion), version: z.number().int(), unmatched: z.array(z.string()) })),
  'vsm-fill': method(FillInput, z.object({ map: VsmMap, filledStages: z.number().int(), version: z.number().int(), unmatched: z.array(z.string()) })),
} as const;

/** Compile-time proof that the wire shapes and the domain types (common/domain/vsm/types.ts) are the same. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<Duration, Domain.Duration>,
  Same<FillSource, Domain.FillSource>,
  Same<StageFields, Domain.StageFields>,
  Same<Stage, Domain.Stage>,
  Same<External, Domain.External>,
  Same<MapFields, Domain.MapFields>,
  Same<Burst, Domain.Burst>,
  Same<VsmMap, Domain.VsmMap>,
  Same<Template, Domain.Template>,
  Same<TimeUnit, Domain.TimeUnit>,
] = [true, true, true, true, true, true, true, true, true, true];
void sameShapes;
