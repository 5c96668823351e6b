// A client generated from the live document with openapi-typescript (default options) must be correct without hand
// edits: test/openapi-client/workflow.ts, written against it with openapi-fetch, type-checks with no casts and no any,
// the create bodies it must not accept do not compile, and the workflow then runs against the live service.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import ts from 'typescript';
import { bearer } from './support/fixtures.js';
import { createTestApp } from './support/test-app.js';

const WORKFLOW = path.join(process.cwd(), 'test', 'openapi-client', 'workflow.ts');

/** Generates `api.ts` from the document in `dir`, beside a copy of the workflow, and returns the compiler's complaints. */
function typeCheckWorkflow(dir: string, document: unknown): string[] {
  fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(document));
  const cli = path.join(process.cwd(), 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  const generated = spawnSync(process.execPath, [cli, path.join(dir, 'openapi.json'), '-o', path.join(dir, 'api.ts')], { encoding: 'utf8', timeout: 60_000 });
  if (generated.status !== 0) throw new Error(`openapi-typescript failed: ${generated.stderr}`);
  fs.copyFileSync(WORKFLOW, path.join(dir, 'workflow.ts'));
  const program = ts.createProgram([path.join(dir, 'workflow.ts')], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    typeRoots: [path.join(process.cwd(), 'node_modules', '@types')],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const file = diagnostic.file ? path.basename(diagnostic.file.fileName) : '';
    return `${file}:${where ? where.line + 1 : '?'} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}

/** The workflow as JavaScript beside the generated types (which it imports as types only), loaded as a module. */
async function loadWorkflow(dir: string): Promise<{ workflow: (baseUrl: string, authorization: string) => Promise<string[]> }> {
  const source = fs.readFileSync(WORKFLOW, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 } });
  fs.writeFileSync(path.join(dir, 'workflow.mjs'), outputText);
  return (await import(pathToFileURL(path.join(dir, 'workflow.mjs')).href)) as { workflow: (baseUrl: string, authorization: string) => Promise<string[]> };
}

/** Casts, non-null assertions and `any` would hide what the generated types get wrong. */
function escapeHatches(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2023, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isNonNullExpression(node) || node.kind === ts.SyntaxKind.AnyKeyword) {
      found.push(`line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('A client generated from the OpenAPI document', () => {
  it('type-checks a whole workflow with openapi-fetch, refuses bodies the server refuses, and runs', async () => {
    const t = await createTestApp();
    // Inside the project, so that openapi-fetch and @types/node resolve from its node_modules.
    const dir = fs.mkdtempSync(path.join(process.cwd(), '.data', 'openapi-client-'));
    try {
      const document: unknown = (await request(t.app.getHttpServer()).get('/api/openapi.json').expect(200)).body;
      expect(escapeHatches(WORKFLOW)).toEqual([]);
      expect(typeCheckWorkflow(dir, document)).toEqual([]);
      await t.app.listen(0, '127.0.0.1');
      const { workflow } = await loadWorkflow(dir);
      const seen = await workflow(await t.app.getUrl(), await bearer(t, 'write'));
      expect(seen.length).toBeGreaterThan(20);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  }, 120_000);
});
