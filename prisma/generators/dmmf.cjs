#!/usr/bin/env node
// Writes Prisma's full DMMF to JSON at `prisma generate` time. The "client" engine type ships only a
// cut-down DMMF, from which @adminjs/prisma cannot find ids, required flags, relations or enum values.
const { generatorHandler } = require('@prisma/generator-helper');
const fs = require('node:fs');
const path = require('node:path');

generatorHandler({
  onManifest: () => ({ prettyName: 'Full DMMF for AdminJS', defaultOutput: './dmmf.json' }),
  onGenerate: async (options) => {
    const output = options.generator.output?.value;
    if (!output) throw new Error('dmmf generator: output is required');
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, JSON.stringify({ datamodel: options.dmmf.datamodel }));
  },
});
