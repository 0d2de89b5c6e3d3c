import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { collectRecording } from '../../src/collect/from-recording.js';
import { loadProfiles } from '../../src/profiles/load.js';
import { buildReport } from '../../src/report/build.js';
import { SEALED_CONTENT_TYPE } from '../../src/report/seal.js';
import type { Report } from '../../src/report/types.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `printscan-receive-${name}-`));

const profiles = loadProfiles();

/** A real report: the first `devices` demo recordings collected with no network. */
export async function demoReport(devices = 2): Promise<Report> {
  const records = await Promise.all(
    DEMO_FLEET_FILES.slice(0, devices).map(async (f, i) => ({ ...(await collectRecording(f, profiles)), ip: `127.0.0.${i + 1}`, port: 161 })),
  );
  return buildReport({
    collector: { id: '00000000-0000-4000-8000-000000000001', version: '0.0.0-test', hostname: 'test-host', platform: 'linux' },
    startedAt: new Date('2026-01-02T03:04:05Z'),
    finishedAt: new Date('2026-01-02T03:04:06Z'),
    devices: records,
    problems: [],
  });
}

/** A tokens file with one fresh token per collector; returns the file and the tokens. */
export function writeTokens(dir: string, collectors: string[]): { file: string; tokens: Record<string, string> } {
  const tokens = Object.fromEntries(collectors.map((c) => [c, randomBytes(24).toString('base64url')]));
  const file = join(dir, 'tokens.json');
  writeFileSync(file, JSON.stringify(Object.entries(tokens).map(([collector, token]) => ({ collector, token }))));
  return { file, tokens };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

/** An HTTPS client that trusts only the receiver's own certificate. */
export function client(ca: string) {
  const dispatcher = new Agent({ connect: { ca } });
  const call = async (url: string, init: Parameters<typeof request>[1] = {}): Promise<Reply> => {
    const res = await request(url, { dispatcher, ...init });
    return { status: res.statusCode, headers: res.headers, json: (await res.body.json()) as Record<string, unknown> };
  };
  return {
    call,
    get: (url: string, token?: string) => call(url, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    post: (url: string, body: Uint8Array | string, headers: Record<string, string>) =>
      call(`${url}/v1/reports`, { method: 'POST', body, headers: { 'content-type': SEALED_CONTENT_TYPE, ...headers } }),
    close: () => dispatcher.close(),
  };
}
