import { errorText, isDataError, sqlState } from './db-errors';
import { isConnectionLost } from './postgres-database';

const serverError = (code: string) =>
  Object.assign(new Error(`server says ${code}`), { code, severity: 'ERROR' });
const socketError = (code: string) => Object.assign(new Error(code), { code });

describe('database error classes', () => {
  it.each([
    ['22021', true],
    ['22P02', true],
    ['23502', true],
    ['42P01', false],
    ['57014', false],
    ['53100', false],
  ])('SQLSTATE %s is a data error: %s', (code, data) => {
    expect(isDataError(serverError(code))).toBe(data);
  });

  it('never takes a socket error for a SQLSTATE, even a five-letter one', () => {
    expect(sqlState(socketError('EPIPE'))).toBeUndefined();
    expect(isDataError(socketError('EPIPE'))).toBe(false);
    expect(isConnectionLost(socketError('ECONNREFUSED'))).toBe(true);
    expect(isConnectionLost(socketError('CONNECTION_CLOSED'))).toBe(true);
  });

  it('treats connection-class and shutdown states as a lost connection, others not', () => {
    expect(isConnectionLost(serverError('08006'))).toBe(true);
    expect(isConnectionLost(serverError('57P01'))).toBe(true);
    expect(isConnectionLost(serverError('23505'))).toBe(false);
    expect(isConnectionLost(serverError('42501'))).toBe(false);
  });

  it('prefixes the SQLSTATE in messages', () => {
    expect(errorText(serverError('22021'))).toBe('22021 server says 22021');
    expect(errorText('plain')).toBe('plain');
  });
});
