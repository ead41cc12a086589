import type { Stage, StageFields, VsmMap } from '../../../common/contract/schemas/vsm';
import { notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import * as repo from '../../db/repositories/vsm';

export const BLANK_STAGE: Omit<StageFields, 'name'> = {
  pt: null, wt: null, ca: null, uptime: null, batchSize: null, frequency: '', ownerId: null, system: '', people: null, notes: '',
  parallelGroup: '', reworkToId: null, reworkShare: 0, filled: {},
};

export function requireMap(ctx: ServiceContext, id: string): VsmMap {
  return repo.findMap(ctx.db, id) ?? (() => { throw notFound('Value-stream map', id); })();
}

/** A stage's fields only (no id, map or position), e.g. to copy or re-insert it. */
export function stageFields(s: Stage): StageFields {
  const { id: _i, mapId: _m, position: _p, ...f } = s;
  return f;
}

