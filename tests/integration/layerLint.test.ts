import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: repo });

/** Lints code as if it were the given file (a planted file: nothing is written to disk). */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// Planted files are named *.test.ts so the type-aware rules do not ask the TypeScript project for them.
const cases: ReadonlyArray<[string, string, string, RegExp]> = [
  ['common/domain never imports the contract', 'common/domain/spc/planted.test.ts', "import { AppError } from '../../contract/errors';", /never imports the contract/],
  ['common/domain never imports a contract schema', 'common/domain/vsm/planted.test.ts', "import type { Stage } from '../../contract/schemas/vsm';", /never imports the contract/],
  ['services never import the host', 'main/services/planted.test.ts', "import { startHost } from '../host/server';", /never import a transport/],
  ['the store never imports the CLI', 'main/db/planted.test.ts', "import { guarded } from '../cli/command';", /never import a transport/],
  ['importers never import Electron wiring', 'main/importers/planted.test.ts', "import { registerIpc } from '../electron/ipc';", /never import a transport/],
  ['reports never import the CLI', 'main/reports/sections/planted.test.ts', "import { EXIT } from '../../cli/command';", /never import a transport/],
  ['the renderer never imports main', 'renderer/src/features/planted.test.ts', "import { createDispatch } from '../../../main/dispatch';", /only through the contract/],
];

describe('layer rules (lint)', () => {
  for (const [name, file, code, message] of cases) {
    it(`fails: ${name}`, async () => {
      const found = await restricted(file, `${code}\nexport const x = 1;\n`);
      expect(found.length).toBe(1);
      expect(found[0]).toMatch(message);
    });
  }

  it('passes the allowed directions (contract → domain, services → db, renderer → common)', async () => {
    expect(await restricted('common/contract/schemas/planted.test.ts', "import { TIME_UNITS } from '../../domain/vsm/types';\nexport const x = TIME_UNITS;\n")).toEqual([]);
    expect(await restricted('main/services/planted.test.ts', "import { openDatabase } from '../db/connection';\nexport const x = openDatabase;\n")).toEqual([]);
    expect(await restricted('renderer/src/features/planted.test.ts', "import { api } from '../../../common/contract/api';\nexport const x = api;\n")).toEqual([]);
  });
});
