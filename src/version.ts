import { packageVersion } from './package-files.js';

export const PRINTSCAN_VERSION = packageVersion();
