import { join } from 'node:path';
import { listFolder, PACKAGE_DATA, packagePath } from '../package-files.js';

/** The project's own demo recordings: a mono laser, a colour MFP, an inkjet, a label printer, a switch and a Linux server. */
export const DEMO_FLEET_DIR = packagePath(PACKAGE_DATA.demoFleet);

export const DEMO_FLEET_FILES: readonly string[] = listFolder(DEMO_FLEET_DIR)
  .filter((f) => f.endsWith('.snmprec'))
  .sort()
  .map((f) => join(DEMO_FLEET_DIR, f));

/** How many of the demo devices are imaging devices (the rest must be left out by default). */
export const DEMO_IMAGING_DEVICES = 4;
