import { AppModule } from './app.module.js';
import { runStandalone } from './standalone.js';
import { SeedService } from './seed/seed.service.js';

// `npm run seed`: load (or refresh) the register from the source articles. Safe to run any number of times.
await runStandalone(
  (config, databaseUrl) => AppModule.forRoot(config, databaseUrl),
  async (app) => {
    const counts = await app.get(SeedService).run();
    process.stdout.write(
      `Seeded: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.keptStaffEdits} left as staff edited them, ` +
        `${counts.retired} retired (no longer in the seed data), ${counts.keptReferenced} no longer seeded but still referenced.\n`,
    );
  },
);
