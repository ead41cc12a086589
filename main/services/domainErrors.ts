import { AppError } from '../../common/contract/errors';
import { DomainInputError } from '../../common/domain/errors';

/** Runs domain math, reporting its input errors (too few points, USL below LSL …) as the contract's BAD_INPUT. */
export function fromDomain<T>(compute: () => T): T {
  try {
    return compute();
  } catch (e) {
    if (e instanceof DomainInputError) throw new AppError('BAD_INPUT', e.message);
    throw e;
  }
}
