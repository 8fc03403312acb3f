import Ajv from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import { readRepoText } from './repo';

export type SchemaCheck = (data: unknown) => string[];

/**
 * A validator for one of the vendored schemas in packages/deploy-checks/schemas (see SOURCES.md).
 * Not strict: the published schemas use annotations (`deprecated`, `markdownDescription`...) that
 * ajv's strict mode rejects as unknown keywords.
 */
export function schemaCheck(schemaFile: string): SchemaCheck {
  const schema: unknown = JSON.parse(readRepoText(`packages/deploy-checks/schemas/${schemaFile}`));
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The compose schema names draft-07 by its https address; ajv knows it by the http one.
  ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
  const validate = ajv.compile(schema as object);
  return (data) => {
    if (validate(data)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  };
}
