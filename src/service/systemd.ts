import { UsageError } from '../errors.js';
import { commandOf, doctorHint, SERVICE_NAME, type ServiceSpec } from './spec.js';

/** An argument of ExecStart: quoted when needed; `%` is a specifier and `$` a variable unless doubled. */
export function systemdArgument(arg: string): string {
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\$/g, '$$$$').replace(/%/g, '%%')}"`;
}

/** ExecStart's executable: systemd refuses quotes and backslashes in it, and expands no `$` there. */
function systemdExecutable(path: string): string {
  if (/["'\\]/.test(path)) throw new UsageError(`systemd cannot start a program whose path holds a quote or backslash: ${path}`, 'move printscan to a plain path');
  const escaped = path.replace(/%/g, '%%');
  return /\s/.test(escaped) ? `"${escaped}"` : escaped;
}

export interface SystemdUnits {
  service: string;
  timer: string;
}

/** A oneshot service that runs `printscan run` and a timer that starts it every interval. */
export function systemdUnits(spec: ServiceSpec): SystemdUnits {
  const [executable, ...args] = commandOf(spec);
  const system = spec.scope === 'system';
  const service = [
    `# printscan run, started by ${SERVICE_NAME}.timer every ${spec.every.text}; run decides which phases are due.`,
    `# Check the set-up with: ${doctorHint(spec)}`,
    '[Unit]',
    'Description=printscan: collect print-fleet meters and push them',
    // a user manager has no network-online.target; the system one does
    ...(system ? ['Wants=network-online.target', 'After=network-online.target'] : []),
    '',
    '[Service]',
    'Type=oneshot',
    `WorkingDirectory=${spec.workingDirectory.replace(/%/g, '%%')}`,
    `ExecStart=${[systemdExecutable(executable), ...args.map(systemdArgument)].join(' ')}`,
    // a run that hangs would keep the timer from starting the next one
    'TimeoutStartSec=4h',
    'Nice=10',
    // sandboxing needs the system manager's privileges; a user unit would fail to start with it
    ...(system ? ['NoNewPrivileges=yes', 'PrivateTmp=yes', 'ProtectSystem=full'] : []),
    '',
  ].join('\n');
  const timer = [
    `# Starts ${SERVICE_NAME}.service every ${spec.every.text}, the first time a minute after the timer starts (boot or enable).`,
    '[Unit]',
    `Description=start printscan run every ${spec.every.text}`,
    '',
    '[Timer]',
    'OnActiveSec=1min',
    `OnUnitActiveSec=${spec.every.minutes}min`,
    'AccuracySec=1min',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { service, timer };
}

/** Where the units go, and what enables them. */
export function systemdPlacement(scope: ServiceSpec['scope'], env: NodeJS.ProcessEnv, home: string): { dir: string; enable: string } {
  if (scope === 'system') return { dir: '/etc/systemd/system', enable: `systemctl daemon-reload && systemctl enable --now ${SERVICE_NAME}.timer` };
  const config = env.XDG_CONFIG_HOME || `${home}/.config`;
  return {
    dir: `${config}/systemd/user`,
    // without lingering, a user's timers stop when the user logs out
    enable: `systemctl --user daemon-reload && systemctl --user enable --now ${SERVICE_NAME}.timer && loginctl enable-linger "$USER"`,
  };
}
