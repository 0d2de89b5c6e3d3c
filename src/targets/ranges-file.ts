import type { ValidateFunction } from 'ajv';
import { firstSchemaError, jsonSchemaValidator } from '../json-schema.js';
import { UsageError } from '../errors.js';
import { readTextFile } from '../fs/read-text-file.js';
import type { Credential, ScanRange } from './scan-range.js';

/** The shape of a `--ranges` file; server-driven configuration sends the same. */
export const RANGES_SCHEMA = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['targets'],
    properties: {
      targets: { oneOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }] },
      exclude: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      snmp: {
        type: 'object',
        additionalProperties: false,
        properties: {
          version: { enum: ['1', '2c', '3'] },
          communities: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          user: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              authProtocol: { enum: ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] },
              authKey: { type: 'string', minLength: 8 },
              privProtocol: { enum: ['des', 'aes', 'aes192', 'aes192r', 'aes256', 'aes256r'] },
              privKey: { type: 'string', minLength: 8 },
            },
          },
        },
      },
    },
  },
} as const;

interface RangeEntry {
  targets: string | string[];
  exclude?: string | string[];
  port?: number;
  snmp?: {
    version?: '1' | '2c' | '3';
    communities?: string[];
    user?: { name: string; authProtocol?: string; authKey?: string; privProtocol?: string; privKey?: string };
  };
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function credentialsOf(entry: RangeEntry, where: string): Credential[] {
  const snmp = entry.snmp ?? {};
  const version = snmp.version ?? (snmp.user ? '3' : '1');
  if (version === '3') {
    const u = snmp.user;
    if (!u) throw new UsageError(`${where}: SNMPv3 needs "user": {"name": …}`);
    if (u.privProtocol && !u.authProtocol) throw new UsageError(`${where}: privacy needs authentication too (add authProtocol and authKey)`);
    if (Boolean(u.authProtocol) !== Boolean(u.authKey)) throw new UsageError(`${where}: authProtocol and authKey go together`);
    if (Boolean(u.privProtocol) !== Boolean(u.privKey)) throw new UsageError(`${where}: privProtocol and privKey go together`);
    return [{ version: '3', user: u.name, authProtocol: u.authProtocol, authKey: u.authKey, privProtocol: u.privProtocol, privKey: u.privKey } as Credential];
  }
  return (snmp.communities ?? ['public']).map((community) => ({ version, community }));
}

let validateRanges: ValidateFunction | undefined;

export function parseRanges(data: unknown, source: string): ScanRange[] {
  validateRanges ??= jsonSchemaValidator({ allErrors: false }).compile(RANGES_SCHEMA);
  if (!validateRanges(data)) {
    throw new UsageError(`${source}: ${firstSchemaError(validateRanges)}`, 'see "Ranges file" in the README');
  }
  return (data as RangeEntry[]).map((entry, i) => ({
    targets: list(entry.targets),
    exclude: list(entry.exclude),
    port: entry.port,
    credentials: credentialsOf(entry, `${source}: /${i}`),
  }));
}

export function readRangesFile(path: string): ScanRange[] {
  const text = readTextFile(path, 'ranges file');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`ranges file "${path}" is not valid JSON: ${(e as Error).message}`);
  }
  return parseRanges(data, path);
}
