/**
 * A push to a server that cannot be reached says why (a certificate not trusted, a connection
 * refused) with what to do, exits 1, and keeps the report for the next push: it is not a usage
 * error about a missing recipient, and the scan is not lost.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receive/server.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { runCli } from '../helpers/cli.js';
import { writeTokens } from '../receive/helpers.js';

const BASE = '127.49.0.1';
const COMMUNITY = 'untrusted-c0mmunity';
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-untrusted-${name}-`));

let fleet: Fleet;
let receiver: Receiver;
let token: string;
let closedPort: number;

/** A port nothing listens on: bound, then let go. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: BASE, port: 0, layout: 'address', community: COMMUNITY });
  const data = temp('receiver');
  const { file, tokens } = writeTokens(data, ['site-u']);
  token = tokens['site-u'];
  receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(data, 'store'), tokensFile: file, tls: 'self-signed' });
  closedPort = await freePort();
});
afterAll(async () => {
  await receiver?.close();
  await fleet?.close();
});

const scanArgs = (state: string) => ['scan', `${BASE}-${DEMO_FLEET_FILES.length}`, '--port', String(fleet.devices[0].port), '--community', COMMUNITY, '--state', state, '--quiet'];
const status = async (state: string) => JSON.parse((await runCli(['push', '--status', '--json', '--state', state])).stdout) as { toSeal: string[]; latestReport: { reportId: string } | null };

describe('a push to a server that cannot be reached', () => {
  it.each([
    ['whose self-signed certificate is not trusted (no --ca)', () => receiver.url, /certificate not trusted \(.*self-signed certificate.*\).*--ca FILE/],
    ['that refuses the connection', () => `https://127.0.0.1:${closedPort}`, /connection refused/],
  ])('scan --push to a server %s says so, exits 1, and keeps the report for the next push', async (_what, url, cause) => {
    const state = temp('scan');
    const r = await runCli([...scanArgs(state), '--push', '--server', url(), '--token', token, '--upload-retries', '0']);
    expect(r.stderr).not.toMatch(/no recipient/);
    expect(r.stderr).toMatch(/^printscan: error: 1 report not sealed: GET https:\/\/127\.0\.0\.1:\d+\/v1\/config: /m);
    expect(r.stderr).toMatch(cause);
    expect(r.stderr).toMatch(/\(kept for the next push\)$/m);
    expect(r.code).toBe(1);
    const kept = await status(state);
    expect(kept.toSeal).toEqual([kept.latestReport?.reportId]);
  });

  it('push and run say the same; push with --ca then delivers what the scan kept', async () => {
    const state = temp('push');
    await runCli(scanArgs(state));
    const { latestReport } = await status(state);
    const untrusted = await runCli(['push', '--state', state, '--server', receiver.url, '--token', token]);
    expect([untrusted.code, untrusted.stderr]).toEqual([1, expect.stringMatching(/^printscan: error: 1 report not sealed: .*certificate not trusted .*--ca FILE/)]);
    const run = await runCli(['run', '--now', 'push', '--state', state, '--server', receiver.url, '--token', token]);
    expect([run.code, run.stderr]).toEqual([1, expect.stringMatching(/^printscan: error: 1 report not sealed: .*certificate not trusted .*--ca FILE/)]);
    const trusted = await runCli(['push', '--state', state, '--server', receiver.url, '--token', token, '--ca', receiver.caPath!]);
    expect(trusted.stderr).toMatch(new RegExp(`sent report ${latestReport!.reportId}`));
    expect(trusted.code).toBe(0);
  });
});
