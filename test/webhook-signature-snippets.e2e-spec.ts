// The README's signature checks for receivers, in Node.js and in Python, read from README.md and run as written
// against real deliveries: a real signed webhook verifies, and a tampered body, another secret, an old timestamp
// or a malformed header does not. The README cannot drift from what the service sends.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { signatureOf } from '../apps/api/src/webhooks/webhook-signature.js';
import { bearer, createParty } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { FAST_WEBHOOKS, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const run = promisify(execFile);

/** The code block of `language` in the README's section `heading`. */
function snippet(readme: string, heading: string, language: string): string {
  const start = readme.indexOf(`${heading}\n`);
  const ends = ['\n### ', '\n## '].map((next) => readme.indexOf(next, start + heading.length)).filter((index) => index !== -1);
  const section = readme.slice(start, Math.min(...ends));
  const blocks = [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

interface Case {
  name: string;
  secret: string;
  header: string;
  /** The raw body, base64 (bytes as received, UTF-8 and all). */
  body: string;
}

describe('README: the webhook signature snippets verify real deliveries', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-signature-'));
  const cases: Case[] = [];
  const expected: Record<string, boolean> = {};

  beforeAll(async () => {
    t = await createTestApp(FAST_WEBHOOKS);
    receiver = await startWebhookReceiver();
    const write = await bearer(t, 'write');
    const hook = await request(t.app.getHttpServer())
      .post('/api/v1/webhooks')
      .set('Authorization', write)
      .send({ url: receiver.url, events: ['party.*'] })
      .expect(201);
    const secret = hook.body.secret as string;
    // Non-ASCII text in the body: the HMAC is over its UTF-8 bytes.
    const party = await request(t.app.getHttpServer())
      .post('/api/v1/parties')
      .set('Authorization', write)
      .send({ kind: 'city', nameKk: 'Өскемен', nameRu: 'Усть-Каменогорск' })
      .expect(201);
    await createParty(t, { nameEn: 'Unrelated' }); // inserted directly: no event, no delivery
    const [delivered] = await receiver.waitFor(1);
    expect(delivered.body).toContain(party.body.id as string);
    expect(delivered.body).toContain('Өскемен');
    const header = String(delivered.headers['kelisim-signature']);
    const body = Buffer.from(delivered.body, 'utf8').toString('base64');
    const old = Math.floor(Date.now() / 1000) - 3600;
    const add = (name: string, valid: boolean, fields: Partial<Case>) => {
      cases.push({ name, secret, header, body, ...fields });
      expected[name] = valid;
    };
    add('the real delivery', true, {});
    add('a tampered body', false, { body: Buffer.from(delivered.body.replace('Өскемен', 'Өскемен!'), 'utf8').toString('base64') });
    add('another secret', false, { secret: `${secret}x` });
    add('a signature an hour old', false, { header: `t=${old},v1=${signatureOf(secret, old, delivered.body)}` });
    add('no v1', false, { header: header.replace(/,v1=.*/, '') });
    add('a malformed header', false, { header: 'nonsense' });
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await receiver.close();
    await t.close();
  });

  const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');

  it('in Node.js', async () => {
    fs.writeFileSync(path.join(dir, 'verify.mjs'), snippet(readme, '### Webhooks', 'js'));
    fs.writeFileSync(
      path.join(dir, 'run.mjs'),
      `import fs from 'node:fs';
import { verifyKelisimSignature } from './verify.mjs';
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify(Object.fromEntries(cases.map((c) => [c.name, verifyKelisimSignature(c.secret, c.header, Buffer.from(c.body, 'base64'))]))));
`,
    );
    const { stdout } = await run(process.execPath, [path.join(dir, 'run.mjs'), path.join(dir, 'cases.json')]);
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('in Python', async () => {
    const harness = `
import base64, json, sys
cases = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps({c["name"]: verify_kelisim_signature(c["secret"], c["header"], base64.b64decode(c["body"])) for c in cases}))
`;
    fs.writeFileSync(path.join(dir, 'verify.py'), snippet(readme, '### Webhooks', 'python') + harness);
    const { stdout } = await run('python3', [path.join(dir, 'verify.py'), path.join(dir, 'cases.json')]);
    expect(JSON.parse(stdout)).toEqual(expected);
  });
});
