import { parseJavaMajor } from './java-runtime';
import { newClusterId } from './kafka-storage';
import { parseKafkaVersion } from './kafka-version';
import { testInfra } from './test-env';
import { uniqueName } from './unique-name';

test('parseKafkaVersion reads the pinned version from the pom', () => {
  expect(parseKafkaVersion('<properties>\n  <kafka.version>4.1.2</kafka.version>\n</properties>')).toBe(
    '4.1.2',
  );
  expect(() => parseKafkaVersion('<project/>')).toThrow(/kafka\.version/);
});

test('parseJavaMajor understands modern and legacy version strings', () => {
  expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
  expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
  expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
  expect(parseJavaMajor('command not found')).toBeUndefined();
});

test('newClusterId makes 22-character URL-safe ids that never look like an option', () => {
  const ids = Array.from({ length: 200 }, newClusterId);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  expect(new Set(ids).size).toBe(ids.length);
});

test('uniqueName is unique and safe as topic, group and database name', () => {
  const names = Array.from({ length: 50 }, () => uniqueName('It-Test / ünïcode'));
  expect(new Set(names).size).toBe(names.length);
  for (const name of names) expect(name).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
  expect(uniqueName('9lives')).toMatch(/^lives_/);
  expect(uniqueName('')).toMatch(/^mdp_/);
});

test('testInfra splits KAFKA_BROKERS and names what is missing', () => {
  expect(testInfra({ KAFKA_BROKERS: 'a:1, b:2', DATABASE_URL: 'postgres://x' })).toEqual({
    kafkaBrokers: ['a:1', 'b:2'],
    databaseUrl: 'postgres://x',
  });
  expect(() => testInfra({ DATABASE_URL: 'postgres://x' })).toThrow(/^KAFKA_BROKERS not set/);
  expect(() => testInfra({})).toThrow(/^KAFKA_BROKERS and DATABASE_URL not set/);
});
