import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sessionSecret } from '../../apps/api/src/admin/session.js';
import { loadConfig } from '../../apps/api/src/infrastructure/config/app-config.js';

describe('admin session secret', () => {
  it('uses SESSION_SECRET when set', () => {
    const secret = 'x'.repeat(40);
    expect(sessionSecret(loadConfig({ SESSION_SECRET: secret, DATA_DIR: '/nonexistent' }))).toBe(secret);
  });

  it('otherwise generates one once and keeps it in DATA_DIR/session-secret, readable by the owner only', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-session-'));
    try {
      const config = loadConfig({ DATA_DIR: dataDir });
      const first = sessionSecret(config);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(sessionSecret(config)).toBe(first);
      expect(fs.statSync(path.join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
