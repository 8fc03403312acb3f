import postgres from 'postgres';
import { createDatabase, dropDatabase } from './postgres';
import { testInfra } from './test-env';
import { uniqueName } from './unique-name';

jest.setTimeout(30_000);

const { databaseUrl } = testInfra();
const databaseName = uniqueName('it_local_infra');
let sql: postgres.Sql;

beforeAll(async () => {
  const url = await createDatabase(databaseUrl, databaseName);
  sql = postgres(url, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await dropDatabase(databaseUrl, databaseName);
  const admin = postgres(databaseUrl, { max: 1 });
  try {
    const left = await admin`select 1 from pg_database where datname = ${databaseName}`;
    expect(left).toHaveLength(0);
  } finally {
    await admin.end({ timeout: 5 });
  }
});

test('writes rows into its own database and reads them back', async () => {
  const [{ current_database: current } = { current_database: '' }] = await sql<
    { current_database: string }[]
  >`select current_database()`;
  expect(current).toBe(databaseName);

  await sql`create table candles (symbol text not null, minute timestamptz not null, close numeric not null, primary key (symbol, minute))`;
  const rows = [
    { symbol: 'BTC-USD', minute: new Date('2024-01-01T00:00:00Z'), close: '42000.5' },
    { symbol: 'BTC-USD', minute: new Date('2024-01-01T00:01:00Z'), close: '42010.25' },
    { symbol: 'ETH-USD', minute: new Date('2024-01-01T00:00:00Z'), close: '2300' },
  ];
  await sql`insert into candles ${sql(rows)}`;
  // Upsert on the key: a late correction replaces the row, it does not duplicate it.
  await sql`insert into candles ${sql({ symbol: 'ETH-USD', minute: new Date('2024-01-01T00:00:00Z'), close: '2301' })}
    on conflict (symbol, minute) do update set close = excluded.close`;

  const read = await sql<{ symbol: string; minute: Date; close: string }[]>`
    select symbol, minute, close::text as close from candles order by symbol, minute`;
  expect(read.map((row) => ({ ...row }))).toEqual([
    { symbol: 'BTC-USD', minute: new Date('2024-01-01T00:00:00Z'), close: '42000.5' },
    { symbol: 'BTC-USD', minute: new Date('2024-01-01T00:01:00Z'), close: '42010.25' },
    { symbol: 'ETH-USD', minute: new Date('2024-01-01T00:00:00Z'), close: '2301' },
  ]);
});

test('createDatabase refuses names that are not plain identifiers', async () => {
  await expect(createDatabase(databaseUrl, 'x"; drop database postgres; --')).rejects.toThrow(
    /database name/,
  );
});
