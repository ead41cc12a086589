// Child process for chromiumRenders.test.ts: creates the demo event in a data folder and exports its PDF through
// the services (KAIZEN_CHROMIUM points at a fake that never finishes). The parent SIGKILLs it mid-render.
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';

async function main(): Promise<void> {
  const [dataDir] = process.argv.slice(2) as [string];
  const s = await createServices({ dataDir, logger: { error: () => undefined } });
  const e = await invoke(s.dispatch, 'demo-create', {});
  process.stdout.write('EXPORTING\n');
  await invoke(s.dispatch, 'report-download', { eventId: e.id, format: 'pdf' });
  process.stdout.write('DONE\n');
  s.close();
}

void main();
