import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's own demo recordings: a mono laser, a colour MFP, an inkjet, a label printer, a switch and a Linux server. */
export const DEMO_FLEET_DIR = fileURLToPath(new URL('../../src/sim/demo-fleet/', import.meta.url));

export const DEMO_FLEET_FILES: readonly string[] = readdirSync(DEMO_FLEET_DIR)
  .filter((f) => f.endsWith('.snmprec'))
  .sort()
  .map((f) => join(DEMO_FLEET_DIR, f));

/** How many of the demo devices are imaging devices (the rest must be left out by default). */
export const DEMO_IMAGING_DEVICES = 4;
