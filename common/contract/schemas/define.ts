import type { z } from 'zod';

/** A contract method: its input and output schemas. Types are inferred from these, never written twice. */
export type MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = Readonly<{
  input: I;
  output: O;
}>;

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodDef<I, O> {
  return { input, output };
}
