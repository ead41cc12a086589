import type { ServiceContext } from '../context';
import type { Dispatch } from '../dispatch';
import { invoke } from '../dispatch';
import type { ReportReader } from './sections/types';

const dispatchers = new WeakMap<ServiceContext, Dispatch>();

/**
 * Reports read every area through the contract, as the UI does, so a section works the moment its feature's
 * methods exist. The composition root binds the finished dispatcher here once it is built.
 */
export function bindReportReader(ctx: ServiceContext, dispatch: Dispatch): void {
  dispatchers.set(ctx, dispatch);
}

export function readerFor(ctx: ServiceContext): ReportReader {
  const dispatch = dispatchers.get(ctx);
  if (!dispatch) throw new Error('Reports: bindReportReader was not called for this context.');
  return (method, input) => invoke(dispatch, method, input);
}
