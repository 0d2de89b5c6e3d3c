import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectDevice } from '../../src/collect/collect-device.js';
import { discoveredDevice, identifyHost } from '../../src/identify/identify-host.js';
import { loadProfiles } from '../../src/profiles/load.js';
import { MibView } from '../../src/snmp/mib-view.js';
import { parseSnmprec } from '../../src/snmp/recording.js';
import { RecordingReader } from '../../src/snmp/recording-reader.js';

const BROTHER = fileURLToPath(new URL('../fixtures/collect/brother.snmprec', import.meta.url));
const profiles = loadProfiles();

/** The project's Brother recording, its model names replaced: the maintenance records stay the same. */
async function brotherAs(model: string) {
  const text = readFileSync(BROTHER, 'utf8').replaceAll('HL-L8360CDW', model);
  const reader = new RecordingReader(new MibView(parseSnmprec(text)));
  const id = await identifyHost(reader, profiles);
  const device = discoveredDevice(id, '192.0.2.9', 161, '2c', 1);
  return (await collectDevice(reader, device, id.profile!)).record;
}

describe('supplies declared per model family', () => {
  it.each([
    ['HL-L8360CDW', 'toner'],
    ['MFC-L3770CDW', 'toner'],
    ['MFC-J5330DW', 'ink'],
    ['DCP-T720DW', 'ink'],
  ])('a Brother %s reports its colour cartridges as %s', async (model, type) => {
    const record = await brotherAs(model);
    expect(record.model).toContain(model);
    const colours = record.supplies.filter((s) => s.color && ['black', 'cyan', 'magenta', 'yellow'].includes(s.color) && s.type !== 'drum');
    expect(colours.map((s) => [s.color, s.type])).toEqual([
      ['black', type],
      ['cyan', type],
      ['magenta', type],
      ['yellow', type],
    ]);
  });
});
