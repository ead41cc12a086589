// Child process for importCrash.test.ts: imports one file into an existing event, printing START before
// the import begins and DONE when it committed. The parent SIGKILLs it at random points.
import { createServices } from '../../main/createServices';
import { importDataset } from '../../main/services/datasets/handlers';

async function main(): Promise<void> {
  const [dataDir, eventId, file] = process.argv.slice(2) as [string, string, string];
  const s = await createServices({ dataDir, logger: { error: () => undefined } });
  process.stdout.write('START\n');
  const t0 = Date.now();
  const r = await importDataset(
    s.ctx,
    { eventId, source: { kind: 'path', path: file }, name: 'crash', options: { encoding: 'auto' }, rules: [{ column: 'total_ms', kind: 'min', value: 0 }], append: false, dryRun: false },
    { file, displayName: 'crash.csv' },
  );
  process.stdout.write(`DONE ${r.rows} ${Date.now() - t0}\n`);
  s.close();
}

void main();
