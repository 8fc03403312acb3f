import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, tailLines } from './run-command';

/** A throw-away CA and a broker certificate for 127.0.0.1/localhost, as PEM files. */
export interface TestCertificates {
  readonly dir: string;
  readonly caFile: string;
  /** Unencrypted PKCS#8 key followed by the certificate: what a Kafka PEM keystore reads. */
  readonly brokerKeystoreFile: string;
  remove(): Promise<void>;
}

async function openssl(args: readonly string[], cwd: string): Promise<void> {
  const result = await runCommand('openssl', args, { cwd });
  if (result.code !== 0) throw new Error(`openssl ${args[0]} failed:\n${tailLines(result.output, 20)}`);
}

/** Generates the certificates with the machine's `openssl` (valid one day). */
export async function generateTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'mdp-certs-'));
  const days = ['-days', '1'];
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      ...days,
      '-subj',
      '/CN=mdp-test-ca',
    ],
    dir,
  );
  await openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'broker.key',
      '-out',
      'broker.csr',
      '-subj',
      '/CN=localhost',
    ],
    dir,
  );
  await writeFile(join(dir, 'broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'broker.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'broker.pem',
      ...days,
      '-extfile',
      'broker.ext',
    ],
    dir,
  );
  // Kafka's PEM keystore wants PKCS#8; `req -nodes` writes that on OpenSSL 3, converted anyway to be sure.
  await openssl(['pkcs8', '-topk8', '-nocrypt', '-in', 'broker.key', '-out', 'broker.pk8'], dir);
  const keystore = `${await readFile(join(dir, 'broker.pk8'), 'utf8')}${await readFile(join(dir, 'broker.pem'), 'utf8')}`;
  await writeFile(join(dir, 'broker-keystore.pem'), keystore);
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    brokerKeystoreFile: join(dir, 'broker-keystore.pem'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
