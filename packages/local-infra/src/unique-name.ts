import { randomBytes } from 'node:crypto';

/**
 * A name unique to this call, safe as a Kafka topic, consumer group id and PostgreSQL
 * identifier: lowercase letters, digits and underscores only, at most 63 characters.
 * Integration tests use it to isolate themselves on a shared broker and database.
 */
export function uniqueName(prefix: string): string {
  const safePrefix =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^[^a-z_]+/, '')
      .slice(0, 40) || 'mdp';
  const suffix = `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return `${safePrefix}_${suffix}`;
}
