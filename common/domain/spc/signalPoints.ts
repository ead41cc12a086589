/**
 * Signals counted the way a facilitator reads them: one row per POINT that fails at least one test, on any panel
 * of the chart (the individuals and the moving range, X̄ and R/S, both CUSUM sums). A point failing tests 1 and 5
 * on the I chart and test 1 on the MR chart is one row, not three; the KPI board's count, the detail page's list
 * and the report's signal table are all these rows, so the three numbers agree. Minitab likewise reports each
 * point once per chart with all the tests it failed (its label is the lowest-numbered one).
 */

/** The part of a panel this needs: its statistic and its (point, test) signal pairs (1-based point numbers). */
export type PanelSignals = Readonly<{ statistic: string; signals: readonly Readonly<{ test: number; index: number }>[] }>;

/** One point with signals: per panel that flags it (in the chart's panel order), the tests it fails (ascending). */
export type SignalPoint = Readonly<{
  index: number;
  panels: readonly Readonly<{ statistic: string; tests: readonly number[] }>[];
}>;

/** The points with at least one signal on any panel, in point order (see the module comment). */
export function signalPoints(panels: readonly PanelSignals[]): SignalPoint[] {
  const byIndex = new Map<number, Map<number, Set<number>>>();
  panels.forEach((p, pi) => {
    for (const s of p.signals) {
      let perPanel = byIndex.get(s.index);
      if (!perPanel) byIndex.set(s.index, (perPanel = new Map()));
      let tests = perPanel.get(pi);
      if (!tests) perPanel.set(pi, (tests = new Set()));
      tests.add(s.test);
    }
  });
  return [...byIndex]
    .sort((a, b) => a[0] - b[0])
    .map(([index, perPanel]) => ({
      index,
      panels: [...perPanel]
        .sort((a, b) => a[0] - b[0])
        .map(([pi, tests]) => ({ statistic: panels[pi]!.statistic, tests: [...tests].sort((a, b) => a - b) })),
    }));
}

/** Names of panels as the signal list says them ("the moving range chart"). */
export const PANEL_NAMES: Readonly<Record<string, string>> = {
  i: 'individuals',
  mr: 'moving range',
  xbar: 'X̄',
  r: 'range',
  s: 'standard deviation',
  p: 'P',
  np: 'NP',
  c: 'C',
  u: 'U',
  ewma: 'EWMA',
  'cusum-upper': 'upper CUSUM',
  'cusum-lower': 'lower CUSUM',
};
