import { readRepoText } from '../repo';
import { parseYaml } from '../yaml-file';
import { COMPOSE_FILE, composeModel, loadRepoCompose } from './compose-file';
import { offlineSourceProblems, producerProcessEnv } from './offline-source';

describe('docker compose with and without a CryptoCompare key', () => {
  it('without a key, the producer reads the simulator', () => {
    expect(offlineSourceProblems(loadRepoCompose())).toEqual([]);
  });

  it('with a key, the producer reads CryptoCompare itself, and the key stays out of the command', () => {
    const model = loadRepoCompose({ CRYPTOCOMPARE_API_KEY: 'a-real-key-0123456789' });
    const env = producerProcessEnv(model);
    expect(env.CRYPTOCOMPARE_API_KEY).toBe('a-real-key-0123456789');
    expect(env.CRYPTOCOMPARE_BASE_URL).toBe('https://min-api.cryptocompare.com');
    expect(env.CRYPTOCOMPARE_WS_URL).toBe('wss://streamer.cryptocompare.com/v2');
    expect(JSON.stringify(model.services.producer?.command)).not.toContain('a-real-key');
  });

  it('a producer that ignores the missing key, or a simulator behind a profile, is reported', () => {
    const text = readRepoText(COMPOSE_FILE)
      .replace('if [ -z "$${CRYPTOCOMPARE_API_KEY}" ]', 'if false')
      .replace(
        '  cryptocompare-simulator:\n    <<: *service\n',
        '  cryptocompare-simulator:\n    <<: *service\n    profiles: ["offline"]\n',
      );
    const problems = offlineSourceProblems(composeModel(parseYaml(text))).join('\n');
    expect(problems).toMatch(/producer: reads https:\/\/min-api.cryptocompare.com, not the simulator/);
    expect(problems).toMatch(/cryptocompare-simulator: must run without a profile/);
  });
});
