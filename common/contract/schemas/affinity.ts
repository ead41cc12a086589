import { z } from 'zod';
import { method } from './define';
import { ByEvent, ById, Id, IsoDateTime } from './common';

/** A named affinity group. Ideas point at it through ideas.group_id (part A's table, no foreign key). */
export const AffinityGroup = z.object({
  id: Id,
  eventId: Id,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  position: z.number().int(),
  createdAt: IsoDateTime,
});
export type AffinityGroup = z.infer<typeof AffinityGroup>;

/** Impact and effort scores run from 0 to 10; the quadrant boundary is 5 (see common/domain/matrix/pick.ts). */
export const Score = z.number().min(0, 'must be between 0 and 10').max(10, 'must be between 0 and 10');

export const PLACEMENT_SOURCES = ['score', 'drag'] as const;

/** Where one idea sits on the impact/effort (PICK) chart. */
export const MatrixPlacement = z.object({
  eventId: Id,
  ideaId: Id,
  impact: Score,
  effort: Score,
  source: z.enum(PLACEMENT_SOURCES),
  updatedAt: IsoDateTime,
});
export type MatrixPlacement = z.infer<typeof MatrixPlacement>;

export const affinityMethods = {
  'affinity-group-list': method(ByEvent, z.array(AffinityGroup)),
  'affinity-group-add': method(
    z.object({ eventId: Id, id: Id.optional(), name: AffinityGroup.shape.name, position: z.number().int().optional() }),
    AffinityGroup,
  ),
  'affinity-group-update': method(
    z.object({ id: Id, patch: AffinityGroup.pick({ name: true, position: true }).partial() }),
    AffinityGroup,
  ),
  /** Removes the group; ideas keep their group id, so re-adding the group with the same id restores them. */
  'affinity-group-remove': method(ById, AffinityGroup),
  'matrix-list': method(ByEvent, z.array(MatrixPlacement)),
  'matrix-place': method(
    z.object({ eventId: Id, ideaId: Id, impact: Score, effort: Score, source: z.enum(PLACEMENT_SOURCES).default('score') }),
    MatrixPlacement,
  ),
  /** Takes an idea off the chart; returns the placement it had (null when it had none), for undo. */
  'matrix-unplace': method(z.object({ eventId: Id, ideaId: Id }), MatrixPlacement.nullable()),
} as const;
