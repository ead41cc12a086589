import type { Method, ParsedInput } from '../common/contract/api';

type PathProbe<M extends Method> = (input: ParsedInput<M>) => string | null;

const sourcePath = (i: ParsedInput<'dataset-preview'> | ParsedInput<'dataset-import'>) =>
  i.source.kind === 'path' ? 'source.path' : null;

/**
 * Every contract input that can carry a raw file path, and the field that holds it. Only the user at the command
 * line (the CLI, in-process tests) may name files; a window or an HTTP client uses dialog handles, uploads and
 * downloads. `pathGuard.test.ts` fails when a method gains a path-like field that is not listed here.
 */
export const RAW_PATH_FIELDS: { readonly [M in Method]?: PathProbe<M> } = {
  'dataset-preview': sourcePath,
  'dataset-import': sourcePath,
  'report-export': (i) => (i.out !== undefined ? 'out' : null),
  'registry-version-create': (i) => (i.artifact?.kind === 'path' ? 'artifact.path' : null),
  'archive-export': (i) => (i.out !== undefined ? 'out' : null),
  'archive-import': (i) => (i.source.kind === 'path' ? 'source.path' : null),
  'dvc-register': () => 'path',
  'source-link': () => 'path',
  'source-relink': (i) => (i.path !== undefined ? 'path' : null),
};

/** The field holding a raw path in this call's input, or null. */
export function rawPathField<M extends Method>(method: M, input: ParsedInput<M>): string | null {
  const probe = RAW_PATH_FIELDS[method] as PathProbe<M> | undefined;
  return probe ? probe(input) : null;
}
