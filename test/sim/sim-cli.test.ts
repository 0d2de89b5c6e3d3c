import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const RECORDING = fileURLToPath(new URL('../fixtures/v1-partial.snmprec', import.meta.url));

describe('printscan sim', () => {
  it('on a UDP port in use says so in one line and exits 1, without a stack trace', async () => {
    const busy = createSocket('udp4');
    await new Promise<void>((done) => busy.bind(0, '127.0.0.1', () => done()));
    try {
      const port = busy.address().port;
      const r = await runCli(['sim', '--layout', 'port', '--base', '127.0.0.1', '--port', String(port), RECORDING]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^printscan: error: cannot listen on UDP 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
      expect(r.stdout).toBe('');
    } finally {
      busy.close();
    }
  });
});
