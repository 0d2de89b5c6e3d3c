import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { cronLine } from '../../src/service/cron.js';
import { cronSchedule, isoDuration, parseEvery } from '../../src/service/every.js';
import { launchdPlist } from '../../src/service/launchd.js';
import { refuseControlCharacters, refuseSecretFlags } from '../../src/service/secrets.js';
import { commandOf, type ServiceSpec } from '../../src/service/spec.js';
import { systemdArgument, systemdUnits } from '../../src/service/systemd.js';
import { TASK_NAMESPACE, windowsArgument, windowsTask } from '../../src/service/windows.js';
import { hasCommand } from '../helpers/agents.js';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-service-${name}-`));

/** Flags that each need care in some format: spaces, quotes, %, $, backslashes, an empty value. */
const AWKWARD_FLAGS = ['--server', 'https://192.0.2.10:8443/fleet', '--ranges', "/etc/print scan/site's ranges %d $HOME.json", '--state', 'C:\\state dir\\', '--exclude', 'a"b\\"c', '--mibs', ''];

function spec(over: Partial<ServiceSpec> = {}): ServiceSpec {
  return { program: ['/usr/bin/node', '/opt/printscan/bin/printscan.js'], runFlags: AWKWARD_FLAGS, every: parseEvery('15m'), workingDirectory: '/var/tmp/work dir', scope: 'system', ...over };
}

function python(script: string, input: string): string {
  const r = spawnSync('python3', ['-c', script], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

describe('--every', () => {
  it.each([
    ['1m', 1, '* * * * *', 'PT1M'],
    ['5m', 5, '*/5 * * * *', 'PT5M'],
    ['15m', 15, '*/15 * * * *', 'PT15M'],
    ['30m', 30, '*/30 * * * *', 'PT30M'],
    ['60m', 60, '0 * * * *', 'PT1H'],
    ['1h', 60, '0 * * * *', 'PT1H'],
    ['6h', 360, '0 */6 * * *', 'PT6H'],
    ['24h', 1440, '0 0 * * *', 'PT24H'],
  ])('%s is every %i minutes: cron "%s", Task Scheduler %s', (text, minutes, cron, iso) => {
    const every = parseEvery(text);
    expect(every.minutes).toBe(minutes);
    expect(cronSchedule(every)).toBe(cron);
    expect(isoDuration(every)).toBe(iso);
  });

  it.each(['7m', '90m', '0m', '5h', '25h', '1d', '15', 'm', '', 'abc', '-5m', '1.5h'])('"%s" is refused with a usage error', (text) => {
    expect(() => parseEvery(text)).toThrow(UsageError);
  });
});

describe('secrets stay off the command line', () => {
  it.each([
    [['--token', 'abc']],
    [['--server', 'https://x', '--token=abc']],
    [['--community', 'public']],
    [['--community=private,public']],
    [['--auth-key', 'authkey123']],
    [['--priv-key=privkey123']],
  ])('%j is refused, naming the flag and the file to use instead', (flags) => {
    let error: unknown;
    try {
      refuseSecretFlags(flags);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const { message, hint } = error as UsageError;
    expect(message).toMatch(/^--(token|community|auth-key|priv-key) would write a secret/);
    expect(hint).toMatch(/--token-file|--ranges FILE/);
  });

  it('the file forms pass', () => {
    expect(() => refuseSecretFlags(['--token-file', '/etc/printscan/token', '--ranges', '/etc/printscan/ranges.json'])).not.toThrow();
  });

  it('a newline in an argument is refused', () => {
    expect(() => refuseControlCharacters(['--state', 'a\nb'])).toThrow(UsageError);
  });
});

describe('systemd', () => {
  it.each([
    ['plain', 'plain'],
    ['/opt/x.json', '/opt/x.json'],
    ['a b', '"a b"'],
    ['50%', '"50%%"'],
    ['$HOME', '"$$HOME"'],
    ['a"b', '"a\\"b"'],
    ['C:\\x', '"C:\\\\x"'],
    ['', '""'],
  ])('the argument %j is written %s', (arg, written) => {
    expect(systemdArgument(arg)).toBe(written);
  });

  it.runIf(hasCommand('systemd-analyze'))('service and timer pass systemd-analyze verify, for a program path with a space and a specifier (%n)', () => {
    const dir = temp('systemd');
    const binDir = join(dir, 'node 50%n');
    mkdirSync(binDir);
    const node = join(binDir, 'node');
    writeFileSync(node, '#!/bin/sh\n');
    chmodSync(node, 0o755);
    for (const scope of ['system', 'user'] as const) {
      const units = systemdUnits(spec({ program: [node, '/opt/printscan/bin/printscan.js'], scope, workingDirectory: dir }));
      const unitDir = temp(`units-${scope}`);
      writeFileSync(join(unitDir, 'printscan.service'), units.service);
      writeFileSync(join(unitDir, 'printscan.timer'), units.timer);
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', join(unitDir, 'printscan.service'), join(unitDir, 'printscan.timer')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(units.timer).toMatch(/^OnUnitActiveSec=15min$/m);
    }
  });

  it.runIf(hasCommand('systemd-analyze'))('verify does see a program that is not there (the check above can fail)', () => {
    const unitDir = temp('units-missing');
    writeFileSync(join(unitDir, 'printscan.service'), systemdUnits(spec({ program: [join(unitDir, 'no such node')] })).service);
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', join(unitDir, 'printscan.service')], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/no such node.*not executable|No such file/);
  });

  it('a program path systemd cannot start is refused', () => {
    expect(() => systemdUnits(spec({ program: ['/opt/it\'s/printscan'] }))).toThrow(UsageError);
  });
});

describe('launchd', () => {
  it.runIf(hasCommand('python3'))('the plist parses with plistlib into the exact command, interval and directory', () => {
    const text = launchdPlist(spec({ every: parseEvery('1h') }), '/Users/tech');
    const parsed = JSON.parse(python('import json, plistlib, sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))', text)) as Record<string, unknown>;
    expect(parsed.ProgramArguments).toEqual(commandOf(spec()));
    expect(parsed.StartInterval).toBe(3600);
    expect(parsed.WorkingDirectory).toBe('/var/tmp/work dir');
    expect(parsed.Label).toBe('local.printscan.run');
    expect(parsed.RunAtLoad).toBe(true);
  });
});

/** CommandLineToArgvW's rules, as Microsoft documents them, to read back what windowsArgument wrote. */
function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') {
      let n = 0;
      while (line[i] === '\\') (n++, i++);
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) current += '"';
        else quoted = !quoted;
      } else {
        current += '\\'.repeat(n);
        i--;
      }
      started = true;
    } else if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if ((ch === ' ' || ch === '\t') && !quoted) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

describe('Windows Task Scheduler', () => {
  it.each([['plain'], ['a b'], ['C:\\state dir\\'], ['a"b\\"c'], [''], ['\\\\server\\share\\x y']])('%j survives the C runtime\'s splitting', (arg) => {
    expect(splitWindowsCommandLine(`x.exe ${windowsArgument(arg)} next`)).toEqual(['x.exe', arg, 'next']);
  });

  it.runIf(hasCommand('python3'))('the task XML is well formed, in the task namespace, and carries the exact command', () => {
    const xml = windowsTask(spec({ program: ['C:\\Program Files\\printscan\\printscan.exe'] }));
    const read = `
import json, sys, subprocess, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
ns = {'t': '${TASK_NAMESPACE}'}
print(json.dumps({'tag': root.tag, 'command': root.find('t:Actions/t:Exec/t:Command', ns).text,
  'arguments': root.find('t:Actions/t:Exec/t:Arguments', ns).text,
  'interval': root.find('t:Triggers/t:TimeTrigger/t:Repetition/t:Interval', ns).text,
  'user': root.find('t:Principals/t:Principal/t:UserId', ns).text,
  'list2cmdline': subprocess.list2cmdline(['run', '--server', 'https://x', '--state', 'C:\\\\state dir\\\\'])}))`;
    const parsed = JSON.parse(python(read, xml)) as Record<string, string>;
    expect(parsed.tag).toBe(`{${TASK_NAMESPACE}}Task`);
    expect(parsed.command).toBe('C:\\Program Files\\printscan\\printscan.exe');
    expect(splitWindowsCommandLine(parsed.arguments)).toEqual(['run', ...AWKWARD_FLAGS]);
    expect(parsed.interval).toBe('PT15M');
    expect(parsed.user).toBe('S-1-5-18');
    // Python's own implementation of the same rules agrees where there is no quote to escape
    expect(['run', '--server', 'https://x', '--state', 'C:\\state dir\\'].map(windowsArgument).join(' ')).toBe(parsed.list2cmdline);
  });
});

describe('cron', () => {
  it.runIf(hasCommand('sh'))('the line has five schedule fields, no bare %, and /bin/sh runs the exact command in the working directory', () => {
    const dir = temp('cron');
    const work = join(dir, 'work 100% dir');
    mkdirSync(work);
    const dump = join(dir, "argv 50% it's.cjs");
    const out = join(dir, 'argv.json');
    writeFileSync(dump, `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ cwd: process.cwd(), argv: process.argv.slice(2) }));\n`);
    const text = cronLine(spec({ program: [process.execPath, dump], workingDirectory: work, every: parseEvery('5m') }));
    const line = text.split('\n').find((l) => l !== '' && !l.startsWith('#'))!;
    const m = /^(\S+ \S+ \S+ \S+ \S+) (.*)$/.exec(line)!;
    expect(m[1]).toBe('*/5 * * * *');
    // cron turns a bare % into a newline: every one must be escaped
    expect(m[2]).not.toMatch(/(^|[^\\])%/);
    const command = m[2].replace(/\\%/g, '%');
    const r = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ cwd: work, argv: ['run', ...AWKWARD_FLAGS, '--quiet'] });
  });
});
