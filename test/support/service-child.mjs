// The compiled service as its own process on a test's database, which is migrated already (main.js would run
// `prisma migrate deploy` first, seconds per start): what a test kills with SIGKILL to see what a crash leaves.
// Plain JS importing the build, like the global set-up (`npm test` builds first).
import 'reflect-metadata';
import { createApp } from '../../dist/apps/api/src/app.factory.js';
import { loadConfig } from '../../dist/apps/api/src/infrastructure/config/app-config.js';

const config = loadConfig(process.env);
const app = await createApp(config, config.DATABASE_URL);
await app.listen(config.PORT, '127.0.0.1');
process.stdout.write('listening\n');
