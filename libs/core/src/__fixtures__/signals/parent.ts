// Runs one tool through the runner the way an executor does; the signals spec kills this process.
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beginTask, registerCleanup } from '../../signals';
import { runTool } from '../../tool-runner';

const [dir, mode, guard] = process.argv.slice(2);
const temp = join(dir, 'temp-file');
writeFileSync(temp, '');
beginTask('fixture', 'fixture task');
registerCleanup('removed the temp file', () => rmSync(temp, { force: true }));
void runTool(process.execPath, ['child.js', dir, mode ?? 'polite'], {
  cwd: __dirname,
  prefix: 'fixture',
  ownProcessGroup: true,
  // 'reaped': run as a tool that changes nothing (no guard of its own; the shared reaper).
  guard: guard !== 'reaped',
}).then((result) => {
  process.stdout.write(`tool finished: ${result.exitCode}\n`);
});
