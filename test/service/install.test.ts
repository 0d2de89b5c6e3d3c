import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseEvery } from '../../src/service/every.js';
import { installService } from '../../src/service/install.js';
import type { ServiceSpec } from '../../src/service/spec.js';

const temp = () => mkdtempSync(join(tmpdir(), 'printscan-service-install-'));
const spec = (scope: ServiceSpec['scope']): ServiceSpec => ({ program: ['/usr/local/bin/printscan'], runFlags: ['--ranges', '/etc/printscan/ranges.json'], every: parseEvery('15m'), workingDirectory: '/', scope });

describe('service install', () => {
  it('macOS: one plist, readable by launchd, and the launchctl command that loads it', async () => {
    const dir = temp();
    const done = await installService(spec('user'), { platform: 'darwin', env: {}, home: '/Users/tech', dir });
    const path = join(dir, 'local.printscan.run.plist');
    expect(done.files).toEqual([{ path, replaced: false }]);
    expect(done.enable).toBe(`launchctl bootstrap gui/$(id -u) '${path}'`);
    expect(readFileSync(path, 'utf8')).toContain('<string>/usr/local/bin/printscan</string>');
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it.each(['win32', 'freebsd'] as const)('%s: refused with a pointer to service print', async (platform) => {
    await expect(installService(spec('user'), { platform, env: {}, home: '/home/x', dir: temp() })).rejects.toThrow(UsageError);
  });
});
