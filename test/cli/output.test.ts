import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { errorReport } from '../../src/cli/output.js';
import { PrintscanError, UsageError } from '../../src/errors.js';
import { rememberSecrets } from '../../src/secrets.js';

const quiet = { debug: false, command: 'printscan scan' };

function bug(): Error {
  const e = new TypeError("Cannot read properties of undefined (reading 'ip')");
  e.stack = `${e.name}: ${e.message}\n    at collectOne (file:///dist/collect/collect-fleet.js:10:5)`;
  return e;
}

describe('errorReport', () => {
  it.each([
    { name: 'a usage error', err: new UsageError('give --out', 'printscan receive keygen --out FILE'), text: 'printscan: error: give --out (printscan receive keygen --out FILE)\n', exitCode: 2 },
    { name: 'an environment error', err: new PrintscanError('listen', 'cannot listen on UDP 127.0.0.1:161: EADDRINUSE'), text: 'printscan: error: cannot listen on UDP 127.0.0.1:161: EADDRINUSE\n', exitCode: 1 },
    { name: "commander's unknown option", err: new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), text: "printscan: error: unknown option '--x' (run printscan scan --help)\n", exitCode: 2 },
    { name: "commander's missing argument", err: new CommanderError(1, 'commander.missingArgument', "error: missing required argument 'files'"), text: "printscan: error: missing required argument 'files' (run printscan scan --help)\n", exitCode: 2 },
    { name: 'help asked for', err: new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), text: '', exitCode: 0 },
    { name: 'a bug', err: bug(), text: "printscan: error: Cannot read properties of undefined (reading 'ip') — this is a bug, please report it (run with --debug for details)\n", exitCode: 1 },
    { name: 'a thrown string', err: 'lost', text: 'printscan: error: lost — this is a bug, please report it (run with --debug for details)\n', exitCode: 1 },
  ])('$name', ({ err, text, exitCode }) => {
    expect(errorReport(err, quiet)).toEqual({ text, exitCode });
  });

  it('shows the stack of a bug only when debugging', () => {
    const { text, exitCode } = errorReport(bug(), { ...quiet, debug: true });
    expect(text.split('\n')).toEqual([
      "printscan: error: Cannot read properties of undefined (reading 'ip') — this is a bug, please report it (the stack follows)",
      "TypeError: Cannot read properties of undefined (reading 'ip')",
      '    at collectOne (file:///dist/collect/collect-fleet.js:10:5)',
      '',
    ]);
    expect(exitCode).toBe(1);
  });

  it('keeps secrets out of a bug line and its stack', () => {
    rememberSecrets(['bug-secret-42']);
    const e = new Error('community bug-secret-42 lost\nsecond line');
    const { text } = errorReport(e, { ...quiet, debug: true });
    expect(text).not.toContain('bug-secret-42');
    expect(text.split('\n')[0]).toBe('printscan: error: community *** lost\\nsecond line — this is a bug, please report it (the stack follows)');
  });
});
