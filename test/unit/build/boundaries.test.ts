import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'mcpdesk/boundaries').map((m) => m.message);
}

describe('import boundaries (npm run lint)', () => {
  it.each([
    ['shared/x.ts', "import fs from 'node:fs';", /no Node built-ins/],
    ['shared/x.ts', "import React from 'react';", /only zod/],
    ['shared/x.ts', "import { a } from '../electron/core/state';", /imports only from shared/],
    ['electron/core/x.ts', "import { app } from 'electron';", /electron is not allowed/],
    ['electron/core/x.ts', "import { b } from '../app/main';", /imports only from core, shared/],
    ['renderer/x.ts', "import { c } from '../electron/core/state';", /imports only from renderer, shared/],
    ['renderer/x.ts', "import path from 'node:path';", /no Node built-ins/],
    ['electron/app/tray.ts', "import { ipcMain } from 'electron';", /only app\/ipc.ts/],
    ['electron/preload/index.ts', "import { ipcRenderer } from 'electron';", /only app\/ipc.ts and preload\/ipc.ts/],
    ['electron/cli/x.ts', "import { app } from 'electron';", /electron is not allowed/],
  ])('refuses in %s: %s', async (file, code, reason) => {
    const errors = await boundaryErrors(file, `${code}\nexport {};\n`);
    expect(errors.join('\n')).toMatch(reason);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nimport { y } from './y';"],
    ['electron/core/x.ts', "import fs from 'node:fs';\nimport { s } from '../../shared/states';"],
    ['electron/app/ipc.ts', "import { ipcMain } from 'electron';\nimport { c } from '../core/state';"],
    ['electron/preload/ipc.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/x.ts', "import { create } from 'zustand';\nimport { s } from '../shared/states';"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await boundaryErrors(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
