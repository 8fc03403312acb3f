import { parse, parseAllDocuments } from 'yaml';

/** One YAML document; `<<` merge keys resolved as docker compose does. Throws on syntax errors. */
export function parseYaml(text: string): unknown {
  return parse(text, { merge: true, strict: true, uniqueKeys: true });
}

/** Every document of a multi-document stream (kustomize output); empty documents dropped. */
export function parseYamlStream(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '));
      return doc.toJS() as unknown;
    })
    .filter((doc) => doc !== null && doc !== undefined);
}
