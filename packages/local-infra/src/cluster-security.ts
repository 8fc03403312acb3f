/** A SASL user of a local secured cluster: SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN with one password. */
export interface SaslUser {
  readonly name: string;
  readonly password: string;
}

/** PEM files of a broker certificate, e.g. from `generateTestCertificates`. */
export interface BrokerTls {
  /** The private key (unencrypted PKCS#8) followed by the certificate chain. */
  readonly keystorePemFile: string;
}

/**
 * SASL on every client listener with Kafka's StandardAuthorizer: only `admin` (also the broker-to-broker
 * principal) is a super user, everyone else gets only what ACLs grant.
 */
export interface ClusterSecurity {
  readonly admin: SaslUser;
  readonly users: readonly SaslUser[];
  /** Adds a SASL_SSL listener with this certificate on every node. */
  readonly tls?: BrokerTls;
}

const SAFE = /^[A-Za-z0-9_.-]+$/;

function checked(user: SaslUser): SaslUser {
  // The names and passwords go into JAAS strings and `--add-scram` arguments: no quoting there.
  if (!SAFE.test(user.name) || !SAFE.test(user.password)) {
    throw new Error(`SASL user ${JSON.stringify(user.name)}: name and password must match ${SAFE}`);
  }
  return user;
}

/** `kafka-storage format` arguments that bootstrap every user's SCRAM credentials into the metadata log. */
export function scramFormatArgs(security: ClusterSecurity): string[] {
  return [security.admin, ...security.users]
    .map(checked)
    .flatMap((u) => [
      '--add-scram',
      `SCRAM-SHA-256=[name=${u.name},password=${u.password}]`,
      '--add-scram',
      `SCRAM-SHA-512=[name=${u.name},password=${u.password}]`,
    ]);
}

export interface SecuredPorts {
  readonly host: string;
  readonly saslPort: number;
  readonly tlsPort?: number;
  readonly controllerPort: number;
}

/**
 * Listener and authorizer settings of one secured node. The controller listener stays PLAINTEXT on
 * 127.0.0.1 (KRaft controllers cannot use SCRAM), so its ANONYMOUS principal must be a super user;
 * a production cluster puts that listener on PLAIN or mTLS instead.
 */
export function securityOverrides(security: ClusterSecurity, ports: SecuredPorts): Record<string, string> {
  const { host, saslPort, tlsPort, controllerPort } = ports;
  const admin = checked(security.admin);
  const users = [admin, ...security.users.map(checked)];
  const scramLogin = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${admin.name}" password="${admin.password}";`;
  const plainLogin = `org.apache.kafka.common.security.plain.PlainLoginModule required username="${admin.name}" password="${admin.password}" ${users.map((u) => `user_${u.name}="${u.password}"`).join(' ')};`;
  const withTls = security.tls !== undefined && tlsPort !== undefined;
  const clientListeners = [
    `SASL_PLAINTEXT://${host}:${saslPort}`,
    ...(withTls ? [`SASL_SSL://${host}:${tlsPort}`] : []),
  ];
  const properties: Record<string, string> = {
    listeners: [...clientListeners, `CONTROLLER://${host}:${controllerPort}`].join(','),
    'advertised.listeners': clientListeners.join(','),
    'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-256,SCRAM-SHA-512,PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-256',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': `User:${admin.name};User:ANONYMOUS`,
    'allow.everyone.if.no.acl.found': 'false',
  };
  for (const listener of ['sasl_plaintext', ...(withTls ? ['sasl_ssl'] : [])]) {
    properties[`listener.name.${listener}.scram-sha-256.sasl.jaas.config`] = scramLogin;
    properties[`listener.name.${listener}.scram-sha-512.sasl.jaas.config`] = scramLogin;
    properties[`listener.name.${listener}.plain.sasl.jaas.config`] = plainLogin;
  }
  if (withTls && security.tls) {
    properties['listener.name.sasl_ssl.ssl.keystore.type'] = 'PEM';
    properties['listener.name.sasl_ssl.ssl.keystore.location'] = security.tls.keystorePemFile;
  }
  return properties;
}
