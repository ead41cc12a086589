import { describe, expect, it } from 'vitest';
import { teamWarnings } from './teamWarnings';

const base = { role: 'participant', dataAccess: [] as string[], canModifyStaging: false, processStages: [] as string[] };

describe('teamWarnings', () => {
  it('asks for members when the team is empty', () => {
    expect(teamWarnings([]).map((w) => w.code)).toEqual(['no-members']);
  });
  it('lists every missing capability', () => {
    expect(teamWarnings([base]).map((w) => w.code)).toEqual(['no-process-owner', 'no-data-access', 'no-staging-access']);
  });
  it('clears each warning when someone covers it', () => {
    const team = [
      { ...base, role: 'process-owner' },
      { ...base, dataAccess: ['inference logs'] },
      { ...base, canModifyStaging: true },
    ];
    expect(teamWarnings(team)).toEqual([]);
  });
  it('counts stage ownership as process ownership', () => {
    expect(teamWarnings([{ ...base, processStages: ['Inference'] }]).map((w) => w.code)).not.toContain('no-process-owner');
  });
});
