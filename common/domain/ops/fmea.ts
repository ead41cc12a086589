/** One FMEA row's scores (AIAG FMEA 4th ed.: severity, occurrence, detection each 1–10; 10 = worst / least detectable). */
export type FmeaScores = Readonly<{ severity: number; occurrence: number; detection: number }>;

/** Risk priority number RPN = S × O × D (1–1000). */
export function rpn(s: FmeaScores): number {
  return s.severity * s.occurrence * s.detection;
}

/** Rows by RPN, highest first (the re-scored RPN when the row has one, since that is the risk now); ties by severity. */
export function sortByRpn<T extends { scores: FmeaScores; rescored: FmeaScores | null; position: number }>(rows: readonly T[]): T[] {
  const now = (r: T) => rpn(r.rescored ?? r.scores);
  return [...rows].sort((a, b) => now(b) - now(a) || (b.rescored ?? b.scores).severity - (a.rescored ?? a.scores).severity || a.position - b.position);
}

export type FmeaTemplateRow = Readonly<{
  failureMode: string;
  effect: string;
  cause: string;
  controls: string;
  fallback: string;
  recommendedAction: string;
  scores: FmeaScores;
}>;

/** The AI service's usual failure modes, with starting scores the team re-scores in the room. */
export const AI_FAILURE_MODES: readonly FmeaTemplateRow[] = [
  { failureMode: 'Data drift', effect: 'Scores lose precision; more wrong decisions before anyone notices', cause: 'Input population changes (new merchants, seasonality, upstream schema change)', controls: 'Weekly PSI report', fallback: 'Raise the review threshold; route borderline cases to people', recommendedAction: 'Daily PSI KPI on the top features with an alert at 0.2', scores: { severity: 7, occurrence: 6, detection: 6 } },
  { failureMode: 'Upstream outage', effect: 'Feature or data provider unavailable: requests fail or wait', cause: 'Provider incident, network partition, expired credentials', controls: 'Gateway error-rate alert', fallback: 'Serve with cached features; rules-only decision when stale', recommendedAction: 'SLA with the provider and retries with exponential backoff', scores: { severity: 8, occurrence: 4, detection: 3 } },
  { failureMode: 'Model timeout', effect: 'Decision takes longer than the caller waits; checkout fails', cause: 'Cold starts, large payloads, CPU contention', controls: 'p95 latency dashboard', fallback: 'Rules-only decision on timeout', recommendedAction: 'Timeout budget per stage and a p95 latency SLA', scores: { severity: 8, occurrence: 5, detection: 4 } },
  { failureMode: 'Feature store lag', effect: 'Stale features: recent behaviour not seen by the model', cause: 'Streaming job backlog, late batch load', controls: 'None', fallback: 'Flag decisions made on features older than the freshness limit', recommendedAction: 'Freshness KPI (data arrival time) with an alert', scores: { severity: 6, occurrence: 5, detection: 7 } },
  { failureMode: 'Bad deploy', effect: 'A broken model or config reaches production traffic', cause: 'Untested config change, wrong artifact promoted', controls: 'Manual smoke test', fallback: 'Roll back to the previous model version', recommendedAction: 'Promotion gate with shadow traffic and a rehearsed rollback', scores: { severity: 9, occurrence: 3, detection: 5 } },
  { failureMode: 'Label delay', effect: 'Quality KPIs lag weeks behind; regressions found late', cause: 'Chargebacks and reviews arrive slowly', controls: 'Monthly quality review', fallback: 'Use proxy labels (analyst corrections) for early warning', recommendedAction: 'Track label delay p95 and correction rate as KPIs', scores: { severity: 5, occurrence: 8, detection: 6 } },
];
