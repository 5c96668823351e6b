// `npm start` and `npm run cli` build only when something they are built from changed: the sources under apps/, the
// Prisma schema and generators, the TypeScript configuration, the lock file, and the generated Prisma client in
// node_modules (an `npm ci` replaces it). A fingerprint of those inputs is kept beside the build in dist/; when it
// matches and the build's outputs exist, nothing runs. `--force` builds anyway. Progress goes to stderr, so that
// a CLI command's own output stays clean. `npm run build` records the fingerprint too (its postbuild step).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const STAMP = path.join(root, 'dist', '.build-fingerprint');
const OUTPUTS = ['dist/apps/api/src/main.js', 'dist/apps/api/src/cli.js', 'dist/admin-bundle', 'apps/api/src/generated/dmmf.json'];
const INPUT_DIRS = ['apps', 'prisma/generators'];
const INPUT_FILES = ['prisma/schema.prisma', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** Generated from the inputs, not inputs themselves. */
const SKIPPED = new Set(['node_modules', 'generated']);
/** What `prisma generate` writes into node_modules: its size and time tell whether an install replaced it. */
const GENERATED_CLIENT = 'node_modules/.prisma/client/index.d.ts';

function filesUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(relative));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}

function fingerprint() {
  const hash = createHash('sha256');
  const files = [...INPUT_DIRS.flatMap(filesUnder), ...INPUT_FILES.filter((file) => fs.existsSync(path.join(root, file)))].sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(root, file)))
      .update('\0');
  const client = path.join(root, GENERATED_CLIENT);
  const stat = fs.existsSync(client) ? fs.statSync(client) : undefined;
  hash.update(stat ? `client\0${stat.size}\0${stat.mtimeMs}` : 'no client');
  return hash.digest('hex');
}

// `npm run build` ends here (postbuild): what it built is up to date with the inputs as they are now.
if (process.argv.includes('--stamp')) {
  fs.writeFileSync(STAMP, `${fingerprint()}\n`);
  process.exit(0);
}

const force = process.argv.includes('--force');
const current = fingerprint();
const built = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
const complete = OUTPUTS.every((output) => fs.existsSync(path.join(root, output)));
if (!force && complete && built === current) process.exit(0);

process.stderr.write(`Building Kelisim (${!complete ? 'no complete build yet' : force ? 'forced' : 'sources changed since the last build'})...\n`);
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
// The build's postbuild step wrote the new fingerprint, taken after `prisma generate` rewrote the client it covers.
process.exit(build.status ?? 1);
