import { access, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { LAUNCHD_LABEL, launchdPlacement, launchdPlist } from './launchd.js';
import { SERVICE_NAME, type ServiceSpec } from './spec.js';
import { systemdPlacement, systemdUnits } from './systemd.js';

export interface InstallTarget {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** write here instead of the scheduler's own directory */
  dir?: string;
}

export interface Installed {
  files: { path: string; replaced: boolean }[];
  /** the command that makes the scheduler pick them up (not run: that is the user's call) */
  enable: string;
}

/** The files a platform's scheduler reads: systemd units on Linux, a launchd plist on macOS. */
function recipeFiles(spec: ServiceSpec, target: InstallTarget): { dir: string; files: [string, string][]; enable: (dir: string) => string } {
  if (target.platform === 'darwin') {
    const placement = launchdPlacement(spec.scope, target.home);
    const name = `${LAUNCHD_LABEL}.plist`;
    return { dir: placement.dir, files: [[name, launchdPlist(spec, target.home)]], enable: (dir) => placement.enable(join(dir, name)) };
  }
  if (target.platform === 'linux') {
    const placement = systemdPlacement(spec.scope, target.env, target.home);
    const units = systemdUnits(spec);
    const files: [string, string][] = [[`${SERVICE_NAME}.service`, units.service], [`${SERVICE_NAME}.timer`, units.timer]];
    // units outside systemd's own directories are linked in by path
    const enable = (dir: string) => (dir === placement.dir ? placement.enable : `${spec.scope === 'user' ? 'systemctl --user' : 'systemctl'} enable --now ${files.map(([n]) => join(dir, n)).join(' ')}`);
    return { dir: placement.dir, files, enable };
  }
  throw new UsageError(`service install knows systemd (Linux) and launchd (macOS), not ${target.platform}`, 'use printscan service print cron or windows, and install what it prints');
}

/** Writes the platform's service definition (atomically, readable by the scheduler) and says how to enable it. */
export async function installService(spec: ServiceSpec, target: InstallTarget): Promise<Installed> {
  const recipe = recipeFiles(spec, target);
  const dir = target.dir ?? recipe.dir;
  const files: Installed['files'] = [];
  for (const [name, text] of recipe.files) {
    const path = join(dir, name);
    const replaced = await access(path).then(
      () => true,
      () => false,
    );
    try {
      await writeFileAtomic(path, text);
      await chmod(path, 0o644);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      throw new UsageError(`cannot write ${path}: ${code}`, spec.scope === 'system' ? 'the system scope needs root; or use --scope user' : 'check the directory, or pass --dir DIR');
    }
    files.push({ path, replaced });
  }
  return { files, enable: recipe.enable(dir) };
}
