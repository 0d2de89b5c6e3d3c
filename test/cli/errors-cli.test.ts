import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe("commander's own errors read like every other error", () => {
  it.each([
    { args: ['scan', '--x'], line: "printscan: error: unknown option '--x' (run printscan scan --help)" },
    { args: ['nope'], line: "printscan: error: unknown command 'nope' (run printscan --help)" },
    { args: ['receive', 'keygen', '--bogus'], line: "printscan: error: unknown option '--bogus' (run printscan receive keygen --help)" },
    { args: ['profiles', 'check'], line: "printscan: error: missing required argument 'files' (run printscan profiles check --help)" },
    { args: ['--debug', 'collect', '--y'], line: "printscan: error: unknown option '--y' (run printscan collect --help)" },
  ])('printscan $args: one line, exit 2', async ({ args, line }) => {
    const r = await runCli(args);
    expect(r.stderr).toBe(`${line}\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('help and the version still end in 0', async () => {
    const [help, version] = await Promise.all([runCli(['scan', '--help']), runCli(['--version'])]);
    expect([help.code, version.code]).toEqual([0, 0]);
    expect(help.stdout).toMatch(/^Usage: printscan scan/);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('a file named on the command line that cannot be read', () => {
  it.each([
    { args: ['push', '--server', 'https://127.0.0.1:9', '--token-file', '/nonexistent/token', '--state', '/nonexistent/state'], line: 'printscan: error: cannot read --token-file "/nonexistent/token": ENOENT' },
    { args: ['sim', '--map', '/nonexistent/map.tsv'], line: 'printscan: error: cannot read map file "/nonexistent/map.tsv": ENOENT' },
  ])('printscan $args: names the file and the reason, exit 2', async ({ args, line }) => {
    const r = await runCli(args);
    expect(r.stderr.split('\n')[0]).toBe(line);
    expect(r.code).toBe(2);
  });
});
