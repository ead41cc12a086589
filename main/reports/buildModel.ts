import { AppError } from '../../common/contract/errors';
import type { ReportModel, ReportSection } from './model';
import { ALL_SECTIONS, availableSections } from './sections';
import type { ReportReader, SectionBuilder } from './sections/types';

export type BuildOptions = Readonly<{
  /** Section ids in the order wanted; null = every available section. */
  sections: readonly string[] | null;
  generatedAt: string;
  appVersion: string;
  onSection?: (done: number, total: number, title: string) => void;
  signal?: AbortSignal;
  /** For tests: the sections to choose from (default: every section whose methods exist). */
  catalogue?: readonly SectionBuilder[];
}>;

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'The export was cancelled; no file was written.');
}

/** Resolves the chosen section ids against what exists; an unknown id is a clear BAD_INPUT naming the valid ones. */
export function pickSections(ids: readonly string[] | null, catalogue: readonly SectionBuilder[]): SectionBuilder[] {
  if (ids === null) return [...catalogue];
  const byId = new Map(catalogue.map((s) => [s.id, s]));
  const known = ALL_SECTIONS.map((s) => s.id);
  return ids.map((id) => {
    const s = byId.get(id);
    if (s) return s;
    const why = known.includes(id) ? 'its feature is not available in this build' : 'there is no such section';
    throw new AppError('BAD_INPUT', `Report section "${id}" cannot be included: ${why}. Available: ${catalogue.map((c) => c.id).join(', ')}.`, { section: id });
  });
}

/** Reads everything the report shows through the contract and returns the format-neutral report model. */
export async function buildReportModel(read: ReportReader, eventId: string, opts: BuildOptions): Promise<ReportModel> {
  const event = await read('event-get', { id: eventId });
  const { members } = await read('team-list', { eventId });
  const chosen = pickSections(opts.sections, opts.catalogue ?? availableSections());
  const sections: ReportSection[] = [];
  for (const [i, s] of chosen.entries()) {
    throwIfCancelled(opts.signal);
    opts.onSection?.(i, chosen.length, s.title);
    sections.push(await s.build(read, event));
  }
  return {
    event,
    team: members.map((m) => ({ name: m.name, role: m.role })),
    generatedAt: opts.generatedAt,
    appVersion: opts.appVersion,
    sections,
  };
}
