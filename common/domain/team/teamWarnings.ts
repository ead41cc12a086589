export const TEAM_WARNING_CODES = ['no-process-owner', 'no-data-access', 'no-staging-access', 'no-members'] as const;
export type TeamWarning = { code: (typeof TEAM_WARNING_CODES)[number]; message: string };

type MemberLike = Readonly<{
  role: string;
  dataAccess: readonly string[];
  canModifyStaging: boolean;
  processStages: readonly string[];
}>;

/**
 * What a Kaizen team on an AI process must have before the event can change anything:
 * someone who owns the process, someone who can authorise data access, someone who can change staging.
 */
export function teamWarnings(members: readonly MemberLike[]): TeamWarning[] {
  if (members.length === 0) {
    return [{ code: 'no-members', message: 'The team has no members yet. Add the people who will attend.' }];
  }
  const warnings: TeamWarning[] = [];
  if (!members.some((m) => m.role === 'process-owner' || m.processStages.length > 0)) {
    warnings.push({
      code: 'no-process-owner',
      message: 'No process owner: add a member with the Process owner role or who owns at least one stage.',
    });
  }
  if (!members.some((m) => m.dataAccess.length > 0)) {
    warnings.push({
      code: 'no-data-access',
      message: 'Nobody has data access authority: the team will not be able to pull logs during the event.',
    });
  }
  if (!members.some((m) => m.canModifyStaging)) {
    warnings.push({
      code: 'no-staging-access',
      message: 'Nobody can modify model inputs or staging: countermeasures cannot be tried during the event.',
    });
  }
  return warnings;
}
