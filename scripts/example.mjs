// Runs the README's example: `mainguard fix --dry-run` on the sample project shipped in examples/.
// A dry run exits 1 when something would change; here that is the expected outcome, so it counts as success.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/mainguard.js', import.meta.url));
const cwd = fileURLToPath(new URL('../examples/project/', import.meta.url));
const run = spawnSync(process.execPath, [bin, 'fix', '--dry-run', '.'], { cwd, stdio: 'inherit' });
process.exit(run.status === 1 ? 0 : (run.status ?? 2));
