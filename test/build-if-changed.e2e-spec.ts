// `npm start` and `npm run cli` run apps/api/tools/build-if-changed.mjs first: on a checkout built by `npm run build`
// (as `npm test` does before the suite), whose inputs did not change, it must build nothing and say nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe('build-if-changed', () => {
  it('builds nothing when nothing it is built from changed since the last build', () => {
    const tool = path.resolve('apps/api/tools/build-if-changed.mjs');
    const run = spawnSync(process.execPath, [tool], { encoding: 'utf8', timeout: 30_000 });
    expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({ status: 0, stderr: '', stdout: '' });
  });
});
