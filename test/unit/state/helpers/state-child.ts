// A separate process acting on the state store, for the cross-process tests:
//   increment ROOT NAME COUNT   add 1 to the counter kept in statusContext, COUNT times
//   rewrite ROOT NAME           rewrite a large status over and over until killed
//   hold-lock ROOT NAME         take the workload's lock, print "locked", wait to be killed
//   hold-operation ROOT NAME MS take the workload's operation lock, print "locked", wait MS (or to be
//                               killed when 0), write ROOT/operation-done, release it and exit
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openState } from '../../../../electron/core/state';

const [mode, root = '', name = '', count = '0'] = process.argv.slice(2);
const state = openState(root, { timeoutMs: 60_000 });

if (mode === 'increment') {
  for (let i = 0; i < Number(count); i++) {
    await state.statuses.update(name, (current) => ({
      status: current?.status ?? 'starting',
      statusContext: String(Number(current?.statusContext ?? '0') + 1),
      pid: process.pid,
    }));
  }
} else if (mode === 'rewrite') {
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    // Half a megabyte per write, so that a kill lands inside a write often.
    const filler = String(i % 10).repeat(512 * 1024);
    await state.statuses.update(name, () => ({ status: 'starting', statusContext: filler, pid: process.pid }));
  }
} else if (mode === 'hold-lock') {
  await state.locks.withLock(name, async () => {
    process.stdout.write('locked\n');
    // A pending promise alone would let Node exit; a timer keeps the process (and the lock) alive.
    await new Promise(() => setInterval(() => undefined, 60_000));
  });
} else if (mode === 'hold-operation') {
  await state.locks.withOperation(name, async () => {
    process.stdout.write('locked\n');
    if (Number(count) === 0) await new Promise(() => setInterval(() => undefined, 60_000));
    await new Promise((resolve) => setTimeout(resolve, Number(count)));
    await writeFile(path.join(root, 'operation-done'), 'done\n');
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}
