import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { sealedFileName, sealReport } from '../../src/report/seal.js';
import { cliCommand, runCli } from '../helpers/cli.js';
import { client, demoReport, tempDir } from './helpers.js';

describe('printscan receive', () => {
  it('prints one JSON line with its URL, takes a push, logs it without the token, and exits 0 on SIGTERM', async () => {
    const data = tempDir('cli');
    const child = spawn(...cliCommand(['receive', '--listen', '127.0.0.1:0', '--data', data, '--self-signed']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = once(child, 'exit');
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const started = JSON.parse(line);
    expect(started).toEqual({ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), recipient: expect.stringMatching(/^age1/), data, ca: join(data, 'tls', 'cert.pem') });

    const [{ token }] = JSON.parse(readFileSync(join(data, 'tokens.json'), 'utf8'));
    const report = await demoReport();
    const http = client(readFileSync(started.ca, 'utf8'));
    const r = await http.post(started.url, await sealReport(report, started.recipient), { authorization: `Bearer ${token}`, 'idempotency-key': 'cli-1' });
    await http.close();
    expect(r.status).toBe(201);

    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`default POST /v1/reports 201 ${report.reportId}`));
    expect(stderr).toContain(join(data, 'tokens.json'));
    expect(stdout + stderr).not.toContain(token);

    // The identity the receiver made for itself is one Debian's age reads.
    const sealed = join(data, 'reports', 'default', sealedFileName(report.reportId));
    const opened = spawnSync('sh', ['-c', 'age -d -i "$1" "$2" | gunzip', 'sh', join(data, 'identity.txt'), sealed], { encoding: 'utf8' });
    expect(JSON.parse(opened.stdout)).toEqual(report);
  });

  it.each([
    ['no TLS choice', [], /needs --cert and --key, or --self-signed/],
    ['--cert without --key', ['--cert', 'c.pem'], /--cert and --key go together/],
    ['--http with --self-signed', ['--http', '--self-signed'], /choose one of/],
    ['a bad --listen', ['--self-signed', '--listen', 'nowhere'], /--listen "nowhere" is not HOST:PORT/],
    ['a missing --identity file', ['--self-signed', '--identity', '/nonexistent/key.txt'], /cannot read identity file "\/nonexistent\/key\.txt": ENOENT/],
    ['a missing --tokens file', ['--self-signed', '--tokens', '/nonexistent/tokens.json'], /cannot read tokens file/],
  ])('refuses %s with exit 2 and one line', async (_name, args, message) => {
    const r = await runCli(['receive', '--listen', '127.0.0.1:0', '--data', tempDir('usage'), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('on a port in use says so in one line, exits 1 and writes nothing into --data', async () => {
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', () => done()));
    try {
      const port = (busy.address() as AddressInfo).port;
      const data = join(tempDir('busy'), 'data');
      const r = await runCli(['receive', '--listen', `127.0.0.1:${port}`, '--data', data, '--self-signed']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
      expect(r.stdout).toBe('');
      expect(existsSync(data)).toBe(false);
    } finally {
      busy.close();
    }
  });

  it('refuses a --config file that is not a valid server config, naming it', async () => {
    const dir = tempDir('bad-config');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ colour: 'red' }));
    const r = await runCli(['receive', '--listen', '127.0.0.1:0', '--data', join(dir, 'data'), '--self-signed', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}: / must NOT have additional properties "colour"`);
    expect(r.stdout).toBe('');
  });

  it('warns on stderr when serving plain HTTP', async () => {
    const child = spawn(...cliCommand(['receive', '--listen', '127.0.0.1:0', '--data', tempDir('http'), '--http']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = once(child, 'exit');
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    expect(JSON.parse(line)).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), ca: null });
    child.kill('SIGINT');
    expect((await exited)[0]).toBe(0);
    expect(stderr).toMatch(/warning: plain HTTP/);
  });
});
