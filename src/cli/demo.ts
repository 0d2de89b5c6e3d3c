import { Command } from 'commander';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISCOVER_DEFAULTS } from '../discover/discover.js';
import { DEMO_FLEET_FILES } from '../sim/demo.js';
import { startFleet } from '../sim/fleet.js';
import { DEFAULT_MAX_HOSTS } from '../targets/target-set.js';
import { addOutputOptions, type OutputFlags } from './discover.js';
import { runScan } from './scan.js';

export function demoCommand(): Command {
  const cmd = new Command('demo').description('start the built-in demo fleet on loopback, scan it (discover + collect), and print what was found');
  return addOutputOptions(cmd, '{devices, others, problems, summary}', 'collected')
    .option('--all', 'also list the switch and the server')
    .action(async (o: OutputFlags & { all?: boolean }) => {
      const fleet = await startFleet({ files: [...DEMO_FLEET_FILES], port: 0 });
      const state = await mkdtemp(join(tmpdir(), 'printscan-demo-'));
      try {
        const first = fleet.devices[0];
        const targets =
          fleet.layout === 'address'
            ? [`${first.host}-${fleet.devices[fleet.devices.length - 1].host.split('.')[3]}`]
            : fleet.devices.map((d) => `${d.host}:${d.port}`);
        process.stderr.write(`demo fleet: ${fleet.devices.length} simulated devices on ${targets.join(',')} port ${first.port}\n`);
        await runScan(targets, {
          ...o,
          ...DISCOVER_DEFAULTS,
          timeout: 500,
          retries: 1,
          port: first.port,
          snmpVersion: '1',
          maxHosts: DEFAULT_MAX_HOSTS,
          state,
        });
      } finally {
        await fleet.close();
        await rm(state, { recursive: true, force: true });
      }
    });
}
