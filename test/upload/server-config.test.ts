import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receive/server.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { runCli } from '../helpers/cli.js';
import { startFaultFront, type FaultFront } from '../helpers/fault-front.js';
import { writeTokens } from '../receive/helpers.js';

const SIM_BASE = '127.48.0.1';
/** a free port, chosen when the fleet starts: parallel runs of the suite never collide */
let SIM_PORT = 0;
const COMMUNITY = 'site-community';
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-config-${name}-`));

let fleet: Fleet;
let receiver: Receiver;
let token: string;
const fronts: FaultFront[] = [];

/** A profile only the server knows: it names the demo laser's model differently. */
const serverProfile = {
  id: 'site-kyocera-override',
  extends: 'kyocera',
  priority: 50,
  match: [{ sysObjectID: '1.3.6.1.4.1.1347' }],
  model: [{ sysDescr: '^(?<value>ECOSYS \\S+)' }],
};

beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: SIM_BASE, port: 0, layout: 'address', community: COMMUNITY });
  SIM_PORT = fleet.devices[0].port;
  const data = temp('receiver');
  const { file, tokens } = writeTokens(data, ['site-b']);
  token = tokens['site-b'];
  const config = join(data, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      ranges: [{ targets: `${SIM_BASE}-${DEMO_FLEET_FILES.length}`, port: SIM_PORT, snmp: { version: '2c', communities: ['wrong', COMMUNITY] } }],
      profiles: [serverProfile],
      schedule: { discoverMinutes: 1440, collectMinutes: 60, pushMinutes: 60 },
    }),
  );
  receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(data, 'store'), tokensFile: file, tls: 'self-signed', configFile: config });
});
afterAll(async () => {
  for (const f of fronts) await f.close();
  await receiver?.close();
  await fleet?.close();
});

const reportsReceived = () => {
  const file = join(receiver.dataDir, 'reports.ndjson');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reportId: string; devices: { ip: string }[] }) : [];
};

describe('server-driven configuration', () => {
  it('scan with only --server scans the ranges, communities and profiles the server sends, seals to its recipient and caches the config', async () => {
    const state = temp('state');
    const r = await runCli(['scan', '--server', receiver.url, '--token', token, '--ca', receiver.caPath!, '--state', state, '--push', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { devices: { ip: string; profile: string }[] };
    expect(doc.devices.map((d) => d.ip).sort()).toEqual(['127.48.0.1', '127.48.0.2', '127.48.0.3', '127.48.0.4']);
    expect(doc.devices.find((d) => d.ip === SIM_BASE)?.profile).toBe('site-kyocera-override');
    const latest = JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8')) as { reportId: string };
    expect(reportsReceived().filter((rep) => rep.reportId === latest.reportId)).toHaveLength(1);
    const cache = JSON.parse(readFileSync(join(state, 'server-config.json'), 'utf8'));
    expect(cache.config.recipient).toBe(receiver.recipient);
    expect(existsSync(join(state, 'server-profiles', 'site-kyocera-override.json'))).toBe(true);
  });

  it('with the server unreachable, the cached configuration is used and the report waits in the spool', async () => {
    const state = temp('state');
    const f = await startFaultFront({ url: receiver.url, caPath: receiver.caPath }, []);
    fronts.push(f);
    const first = await runCli(['scan', '--server', f.url, '--token', token, '--ca', f.caPath, '--state', state, '--quiet']);
    expect(first.code).toBe(0);
    await f.close();
    fronts.pop();
    const r = await runCli(['scan', '--server', f.url, '--token', token, '--ca', f.caPath, '--state', state, '--push', '--upload-retries', '0', '--ndjson']);
    expect(r.stderr).toMatch(/using the configuration cached at \d{4}-/);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(r.stderr).toMatch(/not delivered: .*ECONNREFUSED.* \(kept in the spool for the next push\)/);
    expect(r.code).toBe(1);
  });

  it('an invalid configuration from the server is refused with its reason, and the cached one kept', async () => {
    const state = temp('state');
    const badConfig = { status: 200, body: JSON.stringify({ ranges: [{ targets: '127.48.0.1', snmp: { version: '4' } }] }) };
    const f = await startFaultFront({ url: receiver.url, caPath: receiver.caPath }, [], ['forward', badConfig]);
    fronts.push(f);
    const good = await runCli(['scan', '--server', f.url, '--token', token, '--ca', f.caPath, '--state', state, '--quiet']);
    expect(good.code).toBe(0);
    const before = readFileSync(join(state, 'server-config.json'), 'utf8');
    const r = await runCli(['scan', '--server', f.url, '--token', token, '--ca', f.caPath, '--state', state, '--ndjson']);
    expect(r.stderr).toMatch(/refused the configuration the server sent: config from https:\/\/127\.0\.0\.1:\d+ \/ranges: \/0\/snmp\/version must be equal to one of the allowed values; using the configuration cached at/);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(readFileSync(join(state, 'server-config.json'), 'utf8')).toBe(before);
  });

  it('a token the server refuses stops before scanning: exit 2 with the server message', async () => {
    const state = temp('state');
    const r = await runCli(['scan', '--server', receiver.url, '--token', 'wrong-token', '--ca', receiver.caPath!, '--state', state]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GET https:\/\/127\.0\.0\.1:\d+\/v1\/config answered 401: a valid bearer token is required/);
    expect(r.stderr).not.toContain('wrong-token');
    expect(existsSync(join(state, 'latest-report.json'))).toBe(false);
  });

  it('run follows the server schedule: discover and push first, then nothing until collect is due', async () => {
    const state = temp('run');
    const args = ['run', '--server', receiver.url, '--token', token, '--ca', receiver.caPath!, '--state', state, '--ndjson', '--verbose'];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/ran: discover, push; next due: discover \S+, collect \S+, push \S+/);
    expect(first.stdout.trim().split('\n')).toHaveLength(4);
    const latest = () => (JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8')) as { reportId: string }).reportId;
    const firstReport = latest();
    expect(reportsReceived().filter((rep) => rep.reportId === firstReport)).toHaveLength(1);

    const second = await runCli(args);
    expect(second.stderr).toMatch(/ran: nothing due/);
    expect(second.stdout).toBe('');
    expect(latest()).toBe(firstReport);

    const times = JSON.parse(readFileSync(join(state, 'schedule-state.json'), 'utf8'));
    times.collect = new Date(Date.now() - 61 * 60_000).toISOString();
    writeFileSync(join(state, 'schedule-state.json'), JSON.stringify(times));
    const third = await runCli(args);
    expect(third.stderr).toMatch(/ran: collect, push/);
    expect(third.stdout.trim().split('\n')).toHaveLength(4);
    expect(latest()).not.toBe(firstReport);

    // under a scheduler (no terminal), without --verbose or a format: nothing on stdout, nothing on stderr
    times.collect = new Date(Date.now() - 61 * 60_000).toISOString();
    writeFileSync(join(state, 'schedule-state.json'), JSON.stringify(times));
    const cron = await runCli(args.filter((a) => a !== '--ndjson' && a !== '--verbose'));
    expect(cron.code).toBe(0);
    expect(cron.stdout).toBe('');
    expect(cron.stderr).toBe('');
    expect(latest()).not.toBe(firstReport);
    expect(reportsReceived().filter((rep) => rep.reportId === latest())).toHaveLength(1);
  });

  it('a run started while another still works on the state directory does nothing, exit 0 (said with --verbose only); a lock left by a dead process is taken over', async () => {
    const state = temp('locked');
    writeFileSync(join(state, 'run.lock'), String(process.pid));
    const silent = await runCli(['run', `${SIM_BASE}-6`, '--port', String(SIM_PORT), '--community', COMMUNITY, '--state', state]);
    expect([silent.code, silent.stdout, silent.stderr]).toEqual([0, '', '']);
    const skipped = await runCli(['run', `${SIM_BASE}-6`, '--port', String(SIM_PORT), '--community', COMMUNITY, '--state', state, '--verbose']);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain(`another printscan (pid ${process.pid}) is working on this state directory; this start does nothing`);
    expect(existsSync(join(state, 'latest-report.json'))).toBe(false);

    writeFileSync(join(state, 'run.lock'), '2147483646');
    const ran = await runCli(['run', `${SIM_BASE}-6`, '--port', String(SIM_PORT), '--community', COMMUNITY, '--state', state, '--ndjson']);
    expect(ran.code).toBe(0);
    expect(ran.stdout.trim().split('\n')).toHaveLength(4);
    expect(existsSync(join(state, 'run.lock'))).toBe(false);
  });

  it('a run with nowhere to push never claims it pushed, and push is not left due', async () => {
    const state = temp('no-uploader');
    const r = await runCli(['run', `${SIM_BASE}-6`, '--port', String(SIM_PORT), '--community', COMMUNITY, '--state', state, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ran: discover; next due: discover \S+, collect \S+\n/);
    expect(r.stderr).toMatch(/^why: discover: never ran$/m);
    expect(r.stderr).not.toMatch(/push/);
  });
});
