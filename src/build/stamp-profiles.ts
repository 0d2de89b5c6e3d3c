/** Build step (`npm run build`): validate every bundled profile, then record that they passed. */
import { readFileSync } from 'node:fs';
import { writeBuildStamp } from '../profiles/build-stamp.js';
import { bundledProfileFiles, loadProfiles, PROFILE_SCHEMA_FILE } from '../profiles/load.js';

loadProfiles([], { trustBuild: false });
await writeBuildStamp(
  readFileSync(PROFILE_SCHEMA_FILE, 'utf8'),
  bundledProfileFiles().map((file) => readFileSync(file, 'utf8')),
);
