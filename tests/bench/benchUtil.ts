import type * as Esbuild from 'esbuild';
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

/**
 * Bundles renderer modules into one script a benchmark page can load (window.bench = {...}). Benchmarks run
 * from the repository root (scripts/bench.mjs); esbuild is loaded at run time, its binary cannot be bundled.
 */
export async function bundleForPage(contents: string): Promise<string> {
  const root = process.cwd();
  const esbuild = require(require.resolve('esbuild', { paths: [root] })) as typeof Esbuild;
  const bundle = await esbuild.build({
    absWorkingDir: root,
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'warning',
  });
  return bundle.outputFiles[0]!.text;
}
