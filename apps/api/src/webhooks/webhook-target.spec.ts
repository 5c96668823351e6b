import { startWebhookReceiver } from '../../../../test/support/webhook-receiver.js';
import { sendWebhook } from './webhook-sender.js';
import { guardedLookup, isPublicAddress, urlProblem } from './webhook-target.js';

const strict = { strict: true };
const lax = { strict: false };

describe('webhook targets', () => {
  it('takes only https in production, and http too elsewhere', () => {
    expect(urlProblem('https://crm.example.kz/hooks', strict)).toBeNull();
    expect(urlProblem('http://crm.example.kz/hooks', strict)).toBe('url must be an https URL');
    expect(urlProblem('http://crm.example.kz/hooks', lax)).toBeNull();
    expect(urlProblem('ftp://crm.example.kz/hooks', lax)).toBe('url must be an http or https URL');
  });

  it('refuses loopback, private, link-local and other non-public address literals in production', () => {
    for (const url of [
      'https://127.0.0.1/x',
      'https://10.1.2.3/x',
      'https://192.168.0.1/x',
      'https://172.16.5.5/x',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/x',
      'https://0.0.0.0/x',
      'https://[::1]/x',
      'https://[fe80::1]/x',
      'https://[fd00::1]/x',
      'https://[::ffff:127.0.0.1]/x',
    ]) {
      expect([url, urlProblem(url, strict)]).toEqual([url, 'url must not point at a private, loopback or link-local address']);
      expect(urlProblem(url, lax)).toBeNull();
    }
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2a00:1450:4001::1')).toBe(true);
  });

  it('checks the addresses a name resolves to when connecting, not only the URL (DNS rebinding)', async () => {
    // A name passes the subscription check (it is not an address), and resolves to loopback at delivery.
    expect(urlProblem('https://localhost/hooks', strict)).toBeNull();
    const lookup = (policy: { strict: boolean }) =>
      new Promise<string>((resolve, reject) =>
        guardedLookup(policy)('localhost', { family: 4 }, (error, address) => (error ? reject(error) : resolve(address as string))),
      );
    await expect(lookup(strict)).rejects.toThrow(/localhost resolves to 127\.0\.0\.1, which is not a public address/);
    await expect(lookup(lax)).resolves.toBe('127.0.0.1');

    // And a delivery to it is refused before a byte is sent, while the same delivery outside production arrives.
    const receiver = await startWebhookReceiver();
    try {
      const port = new URL(receiver.url).port;
      const target = { secret: 's', eventId: '1', body: '{}' };
      const signal = new AbortController().signal;
      const refused = await sendWebhook({ ...target, url: `https://localhost:${port}/hooks` }, { policy: strict, timeoutMs: 2000, signal });
      expect(refused).toMatchObject({ delivered: false, statusCode: null, error: expect.stringMatching(/not a public address/) });
      const sent = await sendWebhook({ ...target, url: `http://localhost:${port}/hooks` }, { policy: lax, timeoutMs: 2000, signal });
      expect(sent).toEqual({ delivered: true, statusCode: 200, error: null });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const receiver = await startWebhookReceiver();
    receiver.answer = () => 'hang';
    try {
      const outcome = await sendWebhook(
        { url: receiver.url, secret: 's', eventId: '1', body: '{}' },
        { policy: lax, timeoutMs: 300, signal: new AbortController().signal },
      );
      expect(outcome).toEqual({ delivered: false, statusCode: null, error: 'no answer within 300 ms' });
    } finally {
      await receiver.close();
    }
  });
});
