import { describe, expect, it } from 'vitest';
import { clampScore, nudgeScore, pickQuadrant, scoresFromPoint } from './pick';

describe('PICK quadrants', () => {
  it('puts high impact, low effort in Implement and the other three where the PICK chart does', () => {
    expect(pickQuadrant(8, 2)).toBe('implement');
    expect(pickQuadrant(2, 2)).toBe('possible');
    expect(pickQuadrant(8, 8)).toBe('challenge');
    expect(pickQuadrant(2, 8)).toBe('kill');
  });

  it('counts a score exactly on the midpoint as high', () => {
    expect(pickQuadrant(5, 4.9)).toBe('implement');
    expect(pickQuadrant(4.9, 5)).toBe('kill');
  });

  it('converts a drop point to scores, impact upwards, and clamps outside the plot', () => {
    expect(scoresFromPoint(0, 0, 400, 300)).toEqual({ effort: 0, impact: 10 });
    expect(scoresFromPoint(400, 300, 400, 300)).toEqual({ effort: 10, impact: 0 });
    expect(scoresFromPoint(100, 150, 400, 300)).toEqual({ effort: 2.5, impact: 5 });
    expect(scoresFromPoint(-50, 999, 400, 300)).toEqual({ effort: 0, impact: 0 });
  });

  it('nudges within 0–10 and treats NaN as the midpoint', () => {
    expect(nudgeScore(9.8, 0.5)).toBe(10);
    expect(nudgeScore(0.2, -0.5)).toBe(0);
    expect(clampScore(Number.NaN)).toBe(5);
  });
});
