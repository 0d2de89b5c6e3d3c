import { commandOf, doctorHint, xmlEscape, type ServiceSpec } from './spec.js';

export const LAUNCHD_LABEL = 'local.printscan.run';

/**
 * A launchd job that starts `printscan run` every interval (and once when loaded). launchd
 * throws away what a job prints unless told where to put it: errors go to a log file.
 */
export function launchdPlist(spec: ServiceSpec, home: string): string {
  const log = spec.scope === 'system' ? '/Library/Logs/printscan.log' : `${home}/Library/Logs/printscan.log`;
  const string = (s: string) => `<string>${xmlEscape(s)}</string>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- printscan run every ${xmlEscape(spec.every.text)}; check the set-up with: ${xmlEscape(doctorHint(spec))} -->`,
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key>${string(LAUNCHD_LABEL)}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...commandOf(spec).map((arg) => `    ${string(arg)}`),
    '  </array>',
    `  <key>WorkingDirectory</key>${string(spec.workingDirectory)}`,
    `  <key>StartInterval</key><integer>${spec.every.minutes * 60}</integer>`,
    '  <key>RunAtLoad</key><true/>',
    '  <key>ProcessType</key><string>Background</string>',
    '  <key>LowPriorityIO</key><true/>',
    `  <key>StandardOutPath</key>${string('/dev/null')}`,
    `  <key>StandardErrorPath</key>${string(log)}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

/** Where the plist goes, and what loads it. */
export function launchdPlacement(scope: ServiceSpec['scope'], home: string): { dir: string; enable: (file: string) => string } {
  if (scope === 'system') return { dir: '/Library/LaunchDaemons', enable: (file) => `sudo launchctl bootstrap system '${file}'` };
  return { dir: `${home}/Library/LaunchAgents`, enable: (file) => `launchctl bootstrap gui/$(id -u) '${file}'` };
}
