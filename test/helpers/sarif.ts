import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import formatsModule from 'ajv-formats';
import { REPO_ROOT } from './fixtures.js';

// ajv and ajv-formats are CommonJS: under NodeNext their classes sit on `default`.
const Ajv = AjvModule.default;
const addFormats = formatsModule.default;

/** The OASIS SARIF 2.1.0 JSON schema (draft-07), vendored unchanged: see test/fixtures/sarif/README.md. */
export const SARIF_SCHEMA_PATH = join(REPO_ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object);

/** Validates a parsed document against the SARIF 2.1.0 schema; [] when valid, else `instancePath message` per error. */
export function sarifSchemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
