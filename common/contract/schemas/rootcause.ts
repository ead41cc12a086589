import { z } from 'zod';
import { method } from './define';
import { ByEvent, ById, Id, IsoDateTime, LongText } from './common';

const Text = z.string().trim().min(1, 'must not be empty').max(2000);

/** One answer to "why?" in a 5 Whys chain; children branch when there is more than one answer. */
export const WhyNode = z.object({
  id: Id,
  chainId: Id,
  parentId: Id.nullable(),
  text: Text,
  isRootCause: z.boolean(),
  position: z.number().int(),
});
export type WhyNode = z.infer<typeof WhyNode>;

/** A 5 Whys chain: a problem statement and its tree of answers. */
export const WhyChain = z.object({
  id: Id,
  eventId: Id,
  problem: Text,
  position: z.number().int(),
  createdAt: IsoDateTime,
  nodes: z.array(WhyNode),
});
export type WhyChain = z.infer<typeof WhyChain>;

const NodeSeed = z.object({ id: Id, parentId: Id.nullable(), text: Text, isRootCause: z.boolean().default(false) });

/** The categories suggested for AI systems; every fishbone starts with them and they stay editable. */
export const AI_FISHBONE_CATEGORIES = ['Data', 'Model', 'Infrastructure', 'Process', 'People', 'Measurement'] as const;

export const FishboneCause = z.object({
  id: Id,
  categoryId: Id,
  parentId: Id.nullable(),
  text: Text,
  position: z.number().int(),
});
export type FishboneCause = z.infer<typeof FishboneCause>;

export const FishboneCategory = z.object({
  id: Id,
  eventId: Id,
  name: z.string().trim().min(1, 'must not be empty').max(100),
  position: z.number().int(),
  causes: z.array(FishboneCause),
});
export type FishboneCategory = z.infer<typeof FishboneCategory>;

export const Fishbone = z.object({
  eventId: Id,
  /** The effect (the "head" of the fish): the problem being analysed. */
  effect: LongText,
  categories: z.array(FishboneCategory),
});
export type Fishbone = z.infer<typeof Fishbone>;

const CauseSeed = z.object({ id: Id, parentId: Id.nullable(), text: Text });

/** A root cause any action can link to: a 5 Whys answer marked as root, or a fishbone cause. */
export const RootCauseRef = z.object({
  id: Id,
  kind: z.enum(['why', 'fishbone']),
  text: z.string(),
  context: z.string(),
});
export type RootCauseRef = z.infer<typeof RootCauseRef>;

export const rootcauseMethods = {
  'whys-list': method(ByEvent, z.array(WhyChain)),
  /** `nodes` restores a removed chain with its answers (undo); parents must come before children. */
  'whys-chain-add': method(
    z.object({ eventId: Id, id: Id.optional(), problem: Text, position: z.number().int().optional(), nodes: z.array(NodeSeed).max(500).optional() }),
    WhyChain,
  ),
  'whys-chain-update': method(z.object({ id: Id, patch: z.object({ problem: Text }) }), WhyChain),
  'whys-chain-remove': method(ById, WhyChain),
  'whys-node-add': method(
    z.object({ chainId: Id, id: Id.optional(), parentId: Id.nullable().default(null), text: Text, isRootCause: z.boolean().default(false) }),
    WhyNode,
  ),
  'whys-node-update': method(
    z.object({ id: Id, patch: z.object({ text: Text, isRootCause: z.boolean() }).partial() }),
    WhyNode,
  ),
  /** Removes an answer and everything below it; returns them parents first, for undo. */
  'whys-node-remove': method(ById, z.array(WhyNode)),
  /** The event's fishbone; the first call creates it with the AI categories. */
  'fishbone-get': method(ByEvent, Fishbone),
  'fishbone-update': method(z.object({ eventId: Id, effect: LongText }), Fishbone),
  'fishbone-category-add': method(
    z.object({
      eventId: Id,
      id: Id.optional(),
      name: FishboneCategory.shape.name,
      position: z.number().int().optional(),
      causes: z.array(CauseSeed).max(500).optional(),
    }),
    FishboneCategory,
  ),
  'fishbone-category-update': method(
    z.object({ id: Id, patch: FishboneCategory.pick({ name: true, position: true }).partial() }),
    FishboneCategory,
  ),
  'fishbone-category-remove': method(ById, FishboneCategory),
  'fishbone-cause-add': method(
    z.object({ categoryId: Id, id: Id.optional(), parentId: Id.nullable().default(null), text: Text }),
    FishboneCause,
  ),
  'fishbone-cause-update': method(z.object({ id: Id, patch: z.object({ text: Text }) }), FishboneCause),
  /** Moves a cause with its sub-causes to another category of the same fishbone (last there; under `parentId` if given). */
  'fishbone-cause-move': method(z.object({ id: Id, categoryId: Id, parentId: Id.nullable().default(null) }), FishboneCause),
  /** Removes a cause and its sub-causes; returns them parents first, for undo. */
  'fishbone-cause-remove': method(ById, z.array(FishboneCause)),
  /** Root causes actions can link to (5 Whys answers marked as root, every fishbone cause). */
  'rootcause-list': method(ByEvent, z.array(RootCauseRef)),
} as const;
