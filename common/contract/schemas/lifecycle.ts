import { z } from 'zod';
import { method } from './define';
import { ById, ByEvent, Id } from './common';
import { LIFECYCLE_CLI_KINDS } from '../../domain/lifecycle/run';
import type { Headline, LifecycleResult } from '../../domain/lifecycle/run';

export const LifecycleKind = z.enum(LIFECYCLE_CLI_KINDS);
export type LifecycleKind = z.infer<typeof LifecycleKind>;

const Col = z.string().trim().min(1, 'must name a column').max(200);
const Mode = z.enum(['min', 'max']);

/** One analysis and its columns and parameters: the same spec `kaizen lifecycle` builds from its flags. */
export const LifecycleSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('early-stopping'), run: Col, epoch: Col, metric: Col, mode: Mode, patience: z.number().int().min(1).max(10_000), minDelta: z.number().min(0).optional(), gpuHoursPerEpoch: z.union([Col, z.number().min(0)]).optional() }),
  z.object({ kind: z.literal('threshold'), score: Col, label: Col, positive: z.string().max(200), costFp: z.number().min(0), costFn: z.number().min(0) }),
  z.object({ kind: z.literal('search'), strategy: Col, trial: Col, metric: Col, mode: Mode, targetShare: z.number().gt(0).max(1).optional(), gpuHours: Col.optional() }),
  z.object({ kind: z.literal('trace'), top: z.number().int().min(1).max(50).optional() }),
  z.object({ kind: z.literal('quantization'), variant: Col, latency: Col, size: Col.optional(), accuracy: Col.optional(), baseline: z.string().max(200).optional() }),
  z.object({ kind: z.literal('gpu'), team: Col, jobType: Col.optional(), submit: Col, start: Col, end: Col, gpus: z.union([Col, z.number().min(0)]).optional(), capacity: z.number().positive().optional(), bucket: z.enum(['hour', 'day']).optional() }),
  z.object({ kind: z.literal('batch-schedule'), start: Col, end: Col, stage: Col.optional(), run: Col.optional(), traffic: Col, everyHours: z.number().positive().max(168).optional(), at: z.array(z.string().max(5)).max(24).optional() }),
  z.object({ kind: z.literal('load-types'), type: Col, duration: Col.optional(), start: Col.optional(), end: Col.optional(), rows: Col.optional(), from: z.string().max(200).optional(), to: z.string().max(200).optional() }),
  z.object({ kind: z.literal('cold-start'), group: Col, latency: Col, cold: Col, coldValue: z.string().max(200).optional() }),
  z.object({ kind: z.literal('anonymisation'), quasiIdentifiers: z.array(Col).min(1).max(20), k: z.number().int().min(2).max(1000), metric: Col.optional() }),
]);
export type LifecycleSpecInput = z.infer<typeof LifecycleSpecSchema>;

export const LifecycleStored = z.object({
  id: Id,
  eventId: Id,
  kind: LifecycleKind,
  title: z.string(),
  /** The spec (kind, columns, parameters) and the dataset(s) it ran on. */
  params: z.record(z.string(), z.unknown()),
  datasetVersionIds: z.array(z.string()),
  result: z.unknown(),
  createdAt: z.string(),
  pinned: z.boolean(),
});
export type LifecycleStored = z.infer<typeof LifecycleStored>;

export const DvcOutput = z.object({
  id: Id,
  sourceFile: z.string(),
  stage: z.string().nullable(),
  path: z.string(),
  md5: z.string(),
  size: z.number().nullable(),
  sha256: z.string().nullable(),
  registeredAt: z.string(),
  /** Dataset versions of the event whose imported file has this output's content. */
  linked: z.array(z.object({ versionId: z.string(), datasetId: z.string(), datasetName: z.string(), version: z.number(), fileName: z.string() })),
});
export type DvcOutput = z.infer<typeof DvcOutput>;

export const lifecycleMethods = {
  /**
   * Runs one lifecycle analysis on a dataset of the event (and a second one: the traffic log for batch-schedule,
   * the original for anonymisation). With save: true the result is stored so it can be pinned to the report.
   */
  'lifecycle-run': method(
    z.object({ eventId: Id, datasetId: Id, version: z.number().int().positive().optional(), secondDatasetId: Id.optional(), secondVersion: z.number().int().positive().optional(), spec: LifecycleSpecSchema, save: z.boolean().default(false), title: z.string().trim().max(200).optional() }),
    z.object({ kind: LifecycleKind, title: z.string(), result: z.custom<LifecycleResult>(), headline: z.custom<Headline>(), summary: z.array(z.string()), resultId: z.string().nullable(), datasetVersionIds: z.array(z.string()) }),
  ),
  'lifecycle-result-list': method(z.object({ eventId: Id, pinnedOnly: z.boolean().default(false) }), z.array(LifecycleStored)),
  'lifecycle-result-pin': method(z.object({ id: Id, pinned: z.boolean() }), LifecycleStored),
  'lifecycle-result-delete': method(ById, LifecycleStored),
  /** Registers the outputs a dvc.lock or .dvc file lists (CLI only: the path is the user's own). */
  'dvc-register': method(z.object({ eventId: Id, path: z.string().min(1).max(4096) }), z.object({ registered: z.number(), outputs: z.array(DvcOutput), warnings: z.array(z.string()) })),
  'dvc-list': method(ByEvent, z.array(DvcOutput)),
} as const;
