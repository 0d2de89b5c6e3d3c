import type { ValidateFunction } from 'ajv';
import { firstSchemaError, jsonSchemaValidator } from '../json-schema.js';
import { PrintscanError } from '../errors.js';
import { PACKAGE_DATA, packagePath, readPackageOrDiskFile } from '../package-files.js';
import type { Report, SentReport } from './types.js';

export const REPORT_SCHEMA_FILE = packagePath(PACKAGE_DATA.reportSchema);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= jsonSchemaValidator({ allErrors: false, strictRequired: false }).compile(JSON.parse(readPackageOrDiskFile(REPORT_SCHEMA_FILE)));
  return compiled;
}

/** Checks a document against the published report schema; the error names the first JSON path that is wrong. */
export function validateSentReport(data: unknown): SentReport {
  const validate = validator();
  if (!validate(data)) {
    throw new PrintscanError('badReport', `report ${firstSchemaError(validate)}`);
  }
  return data as SentReport;
}

/** The same, for a report with whole device records (full or masked): what a collector keeps. */
export function validateReport(data: unknown): Report {
  const report = validateSentReport(data);
  if (report.privacy === 'minimal') throw new PrintscanError('badReport', 'report /privacy is minimal: it holds no whole device records');
  return report;
}
