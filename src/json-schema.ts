import { createRequire } from 'node:module';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * In the ES module build there is no `require`, so one is made. In the single executable's
 * CommonJS bundle the global `require` is the bundler's, which holds ajv: the calls below
 * must name it literally for the bundler to see them.
 */
const esmRequire = typeof require === 'function' ? undefined : createRequire(import.meta.url);

/**
 * ajv, loaded on first use: most runs validate nothing at start (the bundled profiles were
 * checked when the package was built), and loading it costs some 60 ms of every cron run.
 */
export function jsonSchemaValidator(options: Options): Ajv {
  const { Ajv: AjvClass } = (esmRequire ? esmRequire('ajv') : require('ajv')) as typeof import('ajv');
  return new AjvClass(options);
}

/** The same, for JSON Schema 2020-12 (the profile schema). */
export function jsonSchema2020Validator(options: Options): Ajv2020 {
  const { Ajv2020: Ajv2020Class } = (esmRequire ? esmRequire('ajv/dist/2020.js') : require('ajv/dist/2020.js')) as typeof import('ajv/dist/2020.js');
  return new Ajv2020Class(options);
}

/** The first error of a failed validation in one line: the JSON path, what is wrong, an unknown key by name. */
export function firstSchemaError(validate: ValidateFunction): string {
  const err = validate.errors![0];
  const extra = err.keyword === 'additionalProperties' ? ` "${(err.params as { additionalProperty: string }).additionalProperty}"` : '';
  return `${err.instancePath || '/'} ${err.message}${extra}`;
}
