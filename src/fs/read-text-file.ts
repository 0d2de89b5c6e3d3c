import { PrintscanError, UsageError, type ErrorCode } from '../errors.js';
import { readPackageOrDiskFile } from '../package-files.js';

interface ReadOptions {
  /** what the failure is (usage unless said): it decides the exit code */
  code?: ErrorCode;
  hint?: string;
}

/**
 * A text file named by the user, the state directory or the package. One that cannot be read
 * is the project's one-line error `cannot read <what> "<path>": <reason>`; with `missingOk`, a
 * file that does not exist is undefined instead (a state file not written yet).
 */
export function readTextFile(path: string, what: string, options?: ReadOptions): string;
export function readTextFile(path: string, what: string, options: ReadOptions & { missingOk: true }): string | undefined;
export function readTextFile(path: string, what: string, options: ReadOptions & { missingOk?: boolean } = {}): string | undefined {
  try {
    return readPackageOrDiskFile(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    if (options.missingOk && reason === 'ENOENT') return undefined;
    const message = `cannot read ${what} "${path}": ${reason}`;
    throw options.code ? new PrintscanError(options.code, message, options.hint) : new UsageError(message, options.hint);
  }
}
