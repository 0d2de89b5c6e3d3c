import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, PduTag } from '../../src/snmp/ber.js';
import type { Varbind } from '../../src/snmp/types.js';
import { parseRecording, parseSnmprec, parseSnmpwalk } from '../../src/snmp/recording.js';
import { parsesOrRefuses } from '../helpers/fuzz.js';

const oid = fc.oneof(
  fc.array(fc.oneof(fc.nat(300), fc.constantFrom(4294967295, 4294967296, 2 ** 53 + 2)), { minLength: 1, maxLength: 8 }).map((a) => '1.3.' + a.join('.')),
  fc.constantFrom('', '.1.3.6.1.2.1.1.1.0', '1', '1.', '1..3', 'x.1', '3.1.2', '1.40.2'),
);
const number = fc.oneof(
  fc.integer({ min: -(2 ** 32), max: 2 ** 33 }).map(String),
  fc.bigInt({ min: -1n, max: 2n ** 65n }).map(String),
  fc.constantFrom('', ' ', 'abc', '1.5', '1e3', '0x10', '-0', 'NaN', 'Infinity', '(5)', 'up(1)'),
);
const rawValue = fc.oneof(number, oid, fc.string({ maxLength: 20 }), fc.constantFrom('"quoted"', '"open', '192.0.2.1', '1.2.3', '300.1.1.1', 'de ad be ef', 'zz'));

const snmprecLine = fc
  .tuple(oid, fc.oneof(fc.constantFrom('2', '4', '4x', '5', '6', '6x', '64', '64x', '65', '66', '67', '68', '70', '3', '4:hexvalue', ''), fc.string({ maxLength: 3 })), rawValue)
  .map(([o, t, v]) => `${o}|${t}|${v}`);
const walkLine = fc
  .tuple(oid, fc.constantFrom('STRING', 'Hex-STRING', 'INTEGER', 'Counter32', 'Gauge32', 'Timeticks', 'Counter64', 'OID', 'IpAddress', 'NULL', 'Opaque', ''), rawValue)
  .map(([o, t, v]) => (t === '' ? `.${o} = ${v}` : `.${o} = ${t}: ${v}`));
const junk = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '# comment', '"', '|||'));

/** A recording is valid when every varbind is one the simulator can send and a manager decode to the same thing. */
function checkVarbinds(varbinds: Varbind[]): void {
  const wire = encodeMessage({ version: 1, community: Buffer.from('public'), pduTag: PduTag.GetResponse, requestId: 1, errorStatus: 0, errorIndex: 0, varbinds });
  expect(decodeMessage(wire).varbinds).toEqual(varbinds);
}

describe('recording parsers under fuzzing', () => {
  it('snmprec: valid varbinds or a one-line PrintscanError', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: snmprecLine }, { weight: 1, arbitrary: junk }), { maxLength: 6 }), (lines) => {
        parsesOrRefuses(() => parseSnmprec(lines.join('\n'), 'fuzz.snmprec'), checkVarbinds);
      }),
      { numRuns: 2500 },
    );
  });

  it('snmpwalk: valid varbinds or a one-line PrintscanError', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: walkLine }, { weight: 1, arbitrary: junk }), { maxLength: 6 }), (lines) => {
        parsesOrRefuses(() => parseSnmpwalk(lines.join('\n'), 'fuzz.walk'), checkVarbinds);
        parsesOrRefuses(() => parseRecording(lines.join('\r\n'), 'fuzz'), checkVarbinds);
      }),
      { numRuns: 2000 },
    );
  });
});
