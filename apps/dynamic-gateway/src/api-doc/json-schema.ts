import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without its `$schema` so it can sit
 * inside a document. `input` describes what a client sends (defaults make a field optional), `output`
 * what the gateway answers. AsyncAPI's default schema format is draft-07's superset. Refinements and transforms are code only: the document shows their input.
 */
export function jsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  target: 'draft-2020-12' | 'draft-7' = 'draft-2020-12',
): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    target,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** A zod object's fields as separate schemas (query parameters), each with whether it is required. */
export function fieldsOf(schema: z.ZodObject): { name: string; required: boolean; schema: JsonSchema }[] {
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, field]) => ({
    name,
    required: required.has(name),
    schema: field,
  }));
}
