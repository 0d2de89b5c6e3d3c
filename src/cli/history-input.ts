/** The meter history `report` and `meters` read. */
import { PrintscanError } from '../errors.js';
import { readHistory, type DeviceHistory } from '../inventory/history.js';

/** The history, or a one-line error when there is none yet: a report of nothing helps nobody. */
export async function historyOrExplain(stateDir: string): Promise<DeviceHistory[]> {
  const history = await readHistory(stateDir);
  if (history.length === 0) {
    throw new PrintscanError('noHistory', `no meter history in ${stateDir} yet`, 'each `printscan scan` or `printscan collect` adds a read; run one first, or name the state directory with --state');
  }
  return history;
}
