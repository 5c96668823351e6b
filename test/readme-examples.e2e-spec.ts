// The README's curl examples for integrators, run as written against a live service: the code blocks of the REST
// API section are read from README.md, the placeholders (`$KEY`, `<id>`, `<key>`, `<pavlodar>`, ...) filled with real
// values, the address pointed at the test server, and each command run by bash with curl. A command whose answer is a
// problem, or whose headers say 4xx/5xx, fails the test; so does an example nobody could run (unknown placeholder).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { bearer, createParty } from './support/fixtures.js';
import { insertMemorandum } from './support/records.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The shell commands of the README's bash blocks between two headings, continuation lines joined, comments dropped. */
function commandsBetween(readme: string, from: string, to: string): string[] {
  const section = readme.slice(readme.indexOf(from), readme.indexOf(to, readme.indexOf(from)));
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]);
  const commands: string[] = [];
  for (const block of blocks) {
    let current = '';
    for (const line of block.split('\n')) {
      if (!current && (line.trim() === '' || line.trim().startsWith('#'))) continue;
      current += (current ? '\n' : '') + line;
      if (!line.endsWith('\\') && balancedQuotes(current)) {
        commands.push(current);
        current = '';
      }
    }
  }
  return commands.filter((command) => command.startsWith('curl '));
}

/** A command continues while a single-quoted argument is open (a JSON body over several lines). */
function balancedQuotes(text: string): boolean {
  return (text.match(/'/g) ?? []).length % 2 === 0;
}

describe('README: the integrator examples work as written', () => {
  let t: TestApp;
  let base: string;
  let key: string;
  const values: Record<string, string> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-readme-'));

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    key = (await bearer(t, 'write')).replace(/^Bearer /, '');
    const pavlodar = await createParty(t, { nameRu: 'Павлодарская область', kind: 'region' });
    const omsk = await createParty(t, { nameRu: 'Омская область', kind: 'foreign_region' });
    const samara = await createParty(t, { nameRu: 'Самарская область', kind: 'foreign_region' });
    await insertMemorandum(t, { titleRu: 'Меморандум с Самарской областью', partyIds: [samara.id], status: 'signed' });
    const memorandum = await insertMemorandum(t, { titleRu: 'Меморандум для примеров', partyIds: [pavlodar.id], status: 'signed' });
    Object.assign(values, { id: memorandum.id, pavlodar: pavlodar.id, omsk: omsk.id });
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  /** Runs the command in bash; asynchronously, since the server answering it runs in this process. */
  async function run(command: string): Promise<string> {
    const filled = command.replaceAll('http://localhost:3000', base).replace(/<([a-z]+)>/g, (whole, name: string) => {
      if (!(name in values)) throw new Error(`The README example uses ${whole}, which this test cannot fill:\n${command}`);
      return values[name];
    });
    const { stdout } = await promisify(execFile)('bash', ['-c', filled], { cwd: dir, env: { ...process.env, KEY: key }, encoding: 'utf8', timeout: 30_000 });
    return stdout;
  }

  /** What a command answered: refused when its status line or its problem body says so. */
  function expectSuccess(command: string, output: string): void {
    if (output.startsWith('HTTP/')) {
      expect([command, output.split('\r\n')[0]]).toEqual([command, expect.stringMatching(/^HTTP\/1\.1 2\d\d /)]);
      return;
    }
    if (!output.trim()) return;
    const body = JSON.parse(output) as { status?: unknown; type?: unknown };
    expect([command, typeof body.status === 'number' && String(body.type).includes('/problems/') ? body : 'not a problem']).toEqual([command, 'not a problem']);
  }

  it('the quick start, then adding a press release', async () => {
    const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
    const commands = [
      ...commandsBetween(readme, '## REST API', 'Conventions, the same for every resource'),
      ...commandsBetween(readme, '### Adding a press release (API)', '### Errors'),
    ];
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const command of commands) {
      const output = await run(command);
      expectSuccess(command, output);
      // The new source's key, for the examples that cite it.
      if (command.includes('/api/v1/sources \\') || /\/api\/v1\/sources\s*$/.test(command)) values.key = (JSON.parse(output) as { key: string }).key;
    }
    const csv = fs.readFileSync(path.join(dir, 'overdue.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });
});
