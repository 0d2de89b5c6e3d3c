/** One line of `printscan doctor`: what was checked, and either that it is fine or what to fix. */
export interface Check {
  check: string;
  /** `skip`: could not be checked (nothing to check, or an earlier check failed); does not fail the doctor */
  status: 'ok' | 'fail' | 'skip';
  message: string;
}

export const ok = (check: string, message: string): Check => ({ check, status: 'ok', message });
export const fail = (check: string, message: string): Check => ({ check, status: 'fail', message });
export const skip = (check: string, message: string): Check => ({ check, status: 'skip', message });
