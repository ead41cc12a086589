/**
 * A problem with the numbers a caller gave (too few points, USL below LSL …). The message is written for the
 * user. The domain knows nothing of the contract: dispatch and the CLI report this as BAD_INPUT.
 */
export class DomainInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DomainInputError';
  }
}
