import { type DynamicModule, Module } from '@nestjs/common';
import type { AdminRole, ApiScope } from '@prisma/client';
import { parseArgs } from 'node:util';
import { AdminUsersService } from './auth/admin-users.service.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { AuthModule } from './auth/auth.module.js';
import type { AppConfig } from './infrastructure/config/app-config.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { runStandalone } from './standalone.js';

/** What the commands use: the database, configuration and the key and user services; none of the domain or the panel. */
@Module({})
class CliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return { module: CliModule, imports: [InfrastructureModule.forRoot(config, databaseUrl), AuthModule] };
  }
}

const USAGE = `Usage: npm run cli -- <command>

  api-key create --name <name> --scope read|write   Issue an API key; the key is printed once, on the last line.
  api-key revoke <name>                               Revoke a key (requests with it get 401 from then on).
  api-key list                                        Keys with scopes, last use and revocation.
  user create --email <e> --password <p> --role admin|editor|viewer [--region <party id>]
                                                      Create an admin panel user.

Works against DATABASE_URL, or the embedded database (started for the command if npm start is not running).`;

class UsageError extends Error {}

const [group, command, ...rest] = process.argv.slice(2);

function options(spec: Record<string, { type: 'string' }>, required: string[]) {
  const { values, positionals } = parseArgs({ args: rest, options: spec, allowPositionals: true, strict: true });
  for (const name of required) if (!values[name]) throw new UsageError(`--${name} is required`);
  return { values: values as Record<string, string | undefined>, positionals };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

async function main(): Promise<void> {
  const key = `${group ?? ''} ${command ?? ''}`.trim();
  // Validate the arguments before touching a database.
  let task: Parameters<typeof runStandalone>[1];
  switch (key) {
    case 'api-key create': {
      const { values } = options({ name: { type: 'string' }, scope: { type: 'string' } }, ['name', 'scope']);
      const scope = oneOf<ApiScope>(values.scope, ['read', 'write'], 'scope');
      task = async (app) => {
        const created = await app.get(ApiKeysService).create(values.name!, scope);
        process.stdout.write(`Created API key "${created.key.name}" with scopes ${created.key.scopes.join(', ')}. It is shown only now:\n${created.secret}\n`);
      };
      break;
    }
    case 'api-key revoke': {
      const { positionals } = options({}, []);
      if (positionals.length !== 1) throw new UsageError('api-key revoke takes the key name');
      task = async (app) => {
        const revoked = await app.get(ApiKeysService).revoke(positionals[0]);
        process.stdout.write(`Revoked API key "${revoked.name}".\n`);
      };
      break;
    }
    case 'api-key list':
      options({}, []);
      task = async (app) => {
        for (const k of await app.get(ApiKeysService).list()) {
          process.stdout.write(
            `${k.name}\t${k.scopes.join(',')}\tprefix ${k.prefix}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}\t${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}\n`,
          );
        }
      };
      break;
    case 'user create': {
      const { values } = options(
        { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, region: { type: 'string' }, name: { type: 'string' } },
        ['email', 'password', 'role'],
      );
      const role = oneOf<AdminRole>(values.role, ['admin', 'editor', 'viewer'], 'role');
      task = async (app) => {
        const user = await app.get(AdminUsersService).create({
          email: values.email!,
          password: values.password!,
          role,
          regionPartyId: values.region ?? null,
          name: values.name ?? null,
        });
        process.stdout.write(`Created ${user.role} ${user.email}${user.regionPartyId ? ` for region ${user.regionPartyId}` : ''}.\n`);
      };
      break;
    }
    default:
      throw new UsageError(key ? `Unknown command "${key}".` : 'No command given.');
  }
  await runStandalone((config, databaseUrl) => CliModule.forRoot(config, databaseUrl), task);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
