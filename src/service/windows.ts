import { isoDuration } from './every.js';
import { commandOf, doctorHint, xmlEscape, type ServiceSpec } from './spec.js';

export const TASK_NAMESPACE = 'http://schemas.microsoft.com/windows/2004/02/mit/task';
/** The file name the registration command in the XML's comment expects. */
export const TASK_FILE = 'printscan-task.xml';

/** One argument as the Microsoft C runtime splits a command line (CommandLineToArgvW's rules). */
export function windowsArgument(arg: string): string {
  if (arg !== '' && !/[ \t\n\v"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    // backslashes only escape when a quote follows them
    out += ch === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

/**
 * A Task Scheduler task (schema 1.2, Windows 7 and later) that starts `printscan run` every
 * interval as SYSTEM (or as the user who registers it), never twice at once, also on battery.
 */
export function windowsTask(spec: ServiceSpec): string {
  const [command, ...args] = commandOf(spec);
  const principal =
    spec.scope === 'system'
      ? ['      <UserId>S-1-5-18</UserId>', '      <RunLevel>LeastPrivilege</RunLevel>']
      : ['      <LogonType>S4U</LogonType>', '      <RunLevel>LeastPrivilege</RunLevel>'];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- printscan run every ${xmlEscape(spec.every.text)}. Register it from an elevated prompt: schtasks /Create /TN printscan /XML ${TASK_FILE} -->`,
    `<!-- Check the set-up with: ${xmlEscape(doctorHint(spec))} -->`,
    `<Task version="1.2" xmlns="${TASK_NAMESPACE}">`,
    '  <RegistrationInfo>',
    '    <Description>printscan: collect print-fleet meters and push them</Description>',
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <TimeTrigger>',
    '      <StartBoundary>2026-01-01T00:00:00</StartBoundary>',
    `      <Repetition><Interval>${isoDuration(spec.every)}</Interval><StopAtDurationEnd>false</StopAtDurationEnd></Repetition>`,
    '      <Enabled>true</Enabled>',
    '    </TimeTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    ...principal,
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    '    <ExecutionTimeLimit>PT4H</ExecutionTimeLimit>',
    '    <Priority>7</Priority>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${xmlEscape(command)}</Command>`,
    `      <Arguments>${xmlEscape(args.map(windowsArgument).join(' '))}</Arguments>`,
    `      <WorkingDirectory>${xmlEscape(spec.workingDirectory)}</WorkingDirectory>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\n');
}
