/**
 * Pinned images for the Docker path (never `latest`: tests must see the same servers each run).
 * Redpanda speaks the Kafka protocol; TimescaleDB is PostgreSQL 16 with the extension installed.
 */
export const REDPANDA_IMAGE = 'docker.redpanda.com/redpandadata/redpanda:v24.2.4';
export const TIMESCALEDB_IMAGE = 'timescale/timescaledb:2.17.2-pg16';
