import { asyncApiDocument } from './asyncapi';
import type { JsonSchema } from './json-schema';
import { openApiDocument } from './openapi';

export { asyncApiDocument, openApiDocument };

let built: { openapi: JsonSchema; asyncapi: JsonSchema } | undefined;

/** Both documents, built once (they depend on the code only): served by the gateway, committed by the docs. */
export function apiDocuments(): { openapi: JsonSchema; asyncapi: JsonSchema } {
  built ??= { openapi: openApiDocument(), asyncapi: asyncApiDocument() };
  return built;
}
