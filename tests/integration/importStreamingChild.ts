// Child process for importStreaming.test.ts: reads a table file through openSource (header pass and
// every batch) and prints the row count; the test runs it with a small V8 heap.
import { openSource } from '../../main/importers/source/index';

async function main(): Promise<void> {
  const [file, sheet] = process.argv.slice(2);
  const src = await openSource(file!, sheet ? { sheet } : {});
  let rows = 0;
  for await (const b of src.batches()) rows += b.rows.length;
  console.log(`ROWS ${rows} COLUMNS ${src.headers.length}`);
}

main().catch((e: Error) => {
  console.log(`ERROR ${e.message}`);
  process.exit(2);
});
