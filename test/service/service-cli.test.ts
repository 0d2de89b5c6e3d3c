import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers/agents.js';
import { cliCommand, runCli } from '../helpers/cli.js';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-service-cli-${name}-`));
const RUN_FLAGS = ['--server', 'https://192.0.2.10', '--token-file', '/etc/printscan/token', '--ranges', '/etc/printscan/ranges.json'];

describe('printscan service print', () => {
  it('systemd: a service that starts this printscan (this node with bin/printscan.js, or the executable), and a timer', async () => {
    const r = await runCli(['service', 'print', 'systemd', '--scope', 'system', '--every', '1h', ...RUN_FLAGS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`ExecStart=${cliCommand(['run', ...RUN_FLAGS]).flat().join(' ')}\n`);
    expect(r.stdout).toMatch(/^# \/etc\/systemd\/system\/printscan\.timer$/m);
    expect(r.stdout).toMatch(/^OnUnitActiveSec=60min$/m);
    expect(r.stderr).toMatch(/systemctl daemon-reload && systemctl enable --now printscan\.timer/);
  });

  it.each(['launchd', 'cron', 'windows'])('%s: the flags come out whole, --every may stand anywhere', async (format) => {
    const r = await runCli(['service', 'print', format, '--server', 'https://192.0.2.10', '--every', '30m', '--token-file', '/etc/printscan/token']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('https://192.0.2.10');
    expect(r.stdout).toContain('/etc/printscan/token');
    expect(r.stdout).not.toContain('--every');
    expect(r.stdout).toMatch(/1800|\*\/30|PT30M/);
  });

  it.each([
    ['--token', 'tok-n0t-t0-leak'],
    ['--community', 'c0mm-n0t-t0-leak'],
    ['--auth-key', 'auth-n0t-t0-leak'],
    ['--priv-key', 'priv-n0t-t0-leak'],
  ])('%s: refused in one line, exit 2, nothing printed, the secret not repeated', async (flag, secret) => {
    const r = await runCli(['service', 'print', 'systemd', '--server', 'https://192.0.2.10', flag, secret]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^printscan: error: ${flag} would write a secret .*(--token-file|--ranges FILE)`));
    expect(r.stderr).not.toContain(secret);
  });

  it.each([
    [['--every', '7m'], /--every "7m" is not a usable interval/],
    [['--every', '1d'], /--every "1d"/],
    [['--serverx', 'https://192.0.2.10'], /not a valid flag for printscan run: unknown option '--serverx'/],
    [['--timeout', 'soon'], /--timeout "soon" must be a whole number/],
    [['--scope', 'galaxy'], /--scope/],
  ])('%j: exit 2 with a one-line reason', async (flags, reason) => {
    const r = await runCli(['service', 'print', 'cron', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(reason);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown format: exit 2', async () => {
    const r = await runCli(['service', 'print', 'upstart']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/systemd, launchd, cron, windows/);
  });
});

describe('printscan service install', () => {
  it('writes the user units where systemd looks for them, says how to enable them, and replaces them on a second install', async () => {
    const config = temp('xdg');
    const env = { XDG_CONFIG_HOME: config };
    const first = await runCli(['service', 'install', '--scope', 'user', '--every', '5m', ...RUN_FLAGS], env);
    expect(first.code).toBe(0);
    const dir = join(config, 'systemd', 'user');
    expect(first.stdout).toContain(`wrote ${join(dir, 'printscan.service')}\n`);
    expect(first.stdout).toContain(`wrote ${join(dir, 'printscan.timer')}\n`);
    expect(first.stdout).toMatch(/enable it with: systemctl --user daemon-reload && systemctl --user enable --now printscan\.timer && loginctl enable-linger/);
    expect(readFileSync(join(dir, 'printscan.timer'), 'utf8')).toMatch(/^OnUnitActiveSec=5min$/m);
    const again = await runCli(['service', 'install', '--scope', 'user', ...RUN_FLAGS], env);
    expect(again.stdout).toContain(`replaced ${join(dir, 'printscan.service')}\n`);
    expect(readFileSync(join(dir, 'printscan.timer'), 'utf8')).toMatch(/^OnUnitActiveSec=15min$/m);
  });

  it.runIf(hasCommand('systemd-analyze'))('--dir: the files land there, pass systemd-analyze verify, and are enabled by path', async () => {
    const dir = temp('dir');
    const r = await runCli(['service', 'install', '--scope', 'system', '--dir', dir, ...RUN_FLAGS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`enable it with: systemctl enable --now ${join(dir, 'printscan.service')} ${join(dir, 'printscan.timer')}`);
    const verify = spawnSync('systemd-analyze', ['verify', '--man=no', join(dir, 'printscan.service'), join(dir, 'printscan.timer')], { encoding: 'utf8' });
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
  });

  it('a refused secret writes nothing', async () => {
    const dir = temp('refused');
    const r = await runCli(['service', 'install', '--dir', dir, '--token', 'tok-n0t-t0-leak']);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'printscan.service'))).toBe(false);
  });
});
