/**
 * Build step (`npm run build`): copies the data files kept beside their code in src/ to
 * where the package reads them at run time (dist/), since an installed package has no src/.
 */
import { cpSync, rmSync } from 'node:fs';
import { PACKAGE_DATA, packagePath } from '../package-files.js';

const COPIES: ReadonlyArray<[from: string, to: string]> = [
  ['src/report/report.schema.json', PACKAGE_DATA.reportSchema],
  ['src/sim/demo-fleet', PACKAGE_DATA.demoFleet],
];

for (const [from, to] of COPIES) {
  rmSync(packagePath(to), { recursive: true, force: true });
  cpSync(packagePath(from), packagePath(to), { recursive: true });
}
