/** Prints one figure for scripts/bench.mjs to collect. Benchmarks report; they never assert. */
export function report(name: string, value: number, unit: string, target?: string): void {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
  console.log(`BENCH ${JSON.stringify({ name, value: rounded, unit, target })}`);
}

/** Median wall time of `runs` calls, in ms. */
export function timeMs(fn: () => unknown, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function peakRssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}
