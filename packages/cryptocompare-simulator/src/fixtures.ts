import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Real CryptoCompare payloads, captured from the live API by third parties, kept byte for byte.
// `fixtures/` sits next to both `src/` and `dist/`, so the same relative path works from either.
const fixturesDir = join(__dirname, '..', 'fixtures');

export type FixtureName =
  | 'histoday_v2_btc_usd_2022.json'
  | 'pricemultifull_btc_usd_eur_2021.json'
  | 'ws_type2_2020_node.json'
  | 'ws_type5_2020_dart.json'
  | 'ws_welcome_2025_tradingview.json';

/** Absolute path of a fixture file. */
export function fixturePath(name: FixtureName): string {
  return join(fixturesDir, name);
}

/** The fixture exactly as stored (for parsers that must see the raw text). */
export function loadFixtureText(name: FixtureName): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** The fixture parsed as JSON; `unknown` on purpose: callers validate it like any external input. */
export function loadFixture(name: FixtureName): unknown {
  return JSON.parse(loadFixtureText(name));
}

export function listFixtures(): string[] {
  return readdirSync(fixturesDir).filter((file) => file.endsWith('.json'));
}
