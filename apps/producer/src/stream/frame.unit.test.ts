import { loadFixtureText } from '@mdp/cryptocompare-simulator/fixtures';
import { classifyFrame, MAX_FRAME_CHARS } from './frame';

describe('classifyFrame', () => {
  it('classifies real data and welcome frames', () => {
    expect(classifyFrame(loadFixtureText('ws_type5_2020_dart.json'))).toMatchObject({
      kind: 'ticker',
      channel: '5~CCCAGG~BTC~USD',
    });
    expect(classifyFrame(loadFixtureText('ws_type2_2020_node.json'))).toMatchObject({
      kind: 'ticker',
      channel: '2~Coinbase~ETH~USD',
    });
    expect(classifyFrame(loadFixtureText('ws_welcome_2025_tradingview.json'))).toEqual({
      kind: 'welcome',
      socketsRemaining: 0,
    });
  });

  it.each([
    [
      '{"TYPE":"16","MESSAGE":"SUBSCRIBECOMPLETE","SUB":"5~CCCAGG~BTC~USD"}',
      { kind: 'subscribed', sub: '5~CCCAGG~BTC~USD' },
    ],
    [
      '{"TYPE":"17","MESSAGE":"UNSUBSCRIBECOMPLETE","SUB":"5~CCCAGG~BTC~USD"}',
      { kind: 'unsubscribed', sub: '5~CCCAGG~BTC~USD' },
    ],
    [
      '{"TYPE":"3","MESSAGE":"LOADCOMPLETE","INFO":"All your valid subs have been loaded."}',
      { kind: 'loadComplete' },
    ],
    ['{"TYPE":"999","MESSAGE":"HEARTBEAT","TIMEMS":1582817678330}', { kind: 'heartbeat' }],
    ['{"TYPE":999,"MESSAGE":"HEARTBEAT"}', { kind: 'heartbeat' }],
    [
      '{"TYPE":"401","MESSAGE":"UNAUTHORIZED","PARAMETER":"format","INFO":"x"}',
      { kind: 'error', type: '401', message: 'UNAUTHORIZED', parameter: 'format' },
    ],
    [
      '{"TYPE":"429","MESSAGE":"TOO_MANY_SOCKETS_MAX_1_PER_CLIENT"}',
      { kind: 'error', type: '429', message: 'TOO_MANY_SOCKETS_MAX_1_PER_CLIENT', parameter: '' },
    ],
    [
      '{"TYPE":"500","MESSAGE":"INVALID_SUB","PARAMETER":"5~CCCAGG~FOO~USD"}',
      { kind: 'error', type: '500', message: 'INVALID_SUB', parameter: '5~CCCAGG~FOO~USD' },
    ],
    [
      '{"TYPE":"500","MESSAGE":"FORCE_DISCONNECT"}',
      { kind: 'error', type: '500', message: 'FORCE_DISCONNECT', parameter: '' },
    ],
    ['{"TYPE":"18","MESSAGE":"UNSUBSCRIBEALLCOMPLETE"}', { kind: 'ignored', type: '18' }],
    ['{"TYPE":"24","MARKET":"CCCAGG"}', { kind: 'ohlc', fields: { TYPE: '24', MARKET: 'CCCAGG' } }],
  ])('%s', (text, expected) => {
    expect(classifyFrame(text)).toEqual(expected);
  });

  it.each([
    ['{"TYPE":"5"', 'not_json'],
    ['[1,2]', 'not_object'],
    ['"x"', 'not_object'],
    ['{"MESSAGE":"x"}', 'no_type'],
    ['{"TYPE":"5","MARKET":"CCCAGG"}', 'no_type'],
    ['{"TYPE":{"a":1}}', 'no_type'],
  ])('rejects %s as %s', (text, reason) => {
    expect(classifyFrame(text)).toEqual({ kind: 'invalid', reason });
  });

  it('refuses oversized frames before parsing them', () => {
    expect(classifyFrame(`{"TYPE":"5","X":"${'a'.repeat(MAX_FRAME_CHARS)}"}`)).toEqual({
      kind: 'invalid',
      reason: 'too_large',
    });
  });
});
