import path from 'node:path';
import { defaultDataDir } from '../dataDir';
import { storeError } from '../storeErrors';
import { EXIT } from './command';
import type { Io } from './command';
import { commands } from './commands';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Kaizen Studio: run Kaizen events on AI-driven processes.',
    '',
    'Usage: kaizen <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `kaizen <command> --help` for a command\'s options. Data lives in --data-dir or KAIZEN_DATA_DIR.',
  ].join('\n');
}

/** Entry of the `kaizen` binary; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(process.env.KAIZEN_VERSION ?? '0.1.0');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`kaizen: unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${cmd.summary}\n\nUsage: ${cmd.usage}`);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    // A full disk, a busy store or a read-only folder: one line naming the folder, exit 2 — never a stack trace.
    const known = storeError(e, { folder: dataDirArg(rest) });
    if (!known) throw e;
    io.err(`kaizen: ${known.message}`);
    return EXIT.badInput;
  }
}

/** The data folder a command line names (--data-dir DIR or --data-dir=DIR), else the default one. */
function dataDirArg(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir' && argv[i + 1] !== undefined) return path.resolve(argv[i + 1]!);
    if (a.startsWith('--data-dir=')) return path.resolve(a.slice('--data-dir='.length));
  }
  return defaultDataDir();
}

const stdio: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
};

/** Called by bin/kaizen.cjs. */
export function runCli(): void {
  main(process.argv.slice(2), stdio).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error('kaizen: unexpected error:', e);
      process.exitCode = 70;
    },
  );
}
