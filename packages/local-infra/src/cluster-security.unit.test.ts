import { scramFormatArgs, securityOverrides } from './cluster-security';

const security = {
  admin: { name: 'admin', password: 'admin-pw' },
  users: [{ name: 'dynamic-gateway', password: 'gw-pw' }],
  tls: { keystorePemFile: '/certs/broker.pem' },
};

test('every user gets SCRAM-SHA-256 and -512 credentials at format time', () => {
  expect(scramFormatArgs(security)).toEqual([
    '--add-scram',
    'SCRAM-SHA-256=[name=admin,password=admin-pw]',
    '--add-scram',
    'SCRAM-SHA-512=[name=admin,password=admin-pw]',
    '--add-scram',
    'SCRAM-SHA-256=[name=dynamic-gateway,password=gw-pw]',
    '--add-scram',
    'SCRAM-SHA-512=[name=dynamic-gateway,password=gw-pw]',
  ]);
});

test('SASL listeners, a TLS listener and the StandardAuthorizer with admin as the only client super user', () => {
  const p = securityOverrides(security, { host: '127.0.0.1', saslPort: 1, tlsPort: 2, controllerPort: 3 });
  expect(p).toMatchObject({
    listeners: 'SASL_PLAINTEXT://127.0.0.1:1,SASL_SSL://127.0.0.1:2,CONTROLLER://127.0.0.1:3',
    'advertised.listeners': 'SASL_PLAINTEXT://127.0.0.1:1,SASL_SSL://127.0.0.1:2',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': 'User:admin;User:ANONYMOUS',
    'allow.everyone.if.no.acl.found': 'false',
    'listener.name.sasl_ssl.ssl.keystore.location': '/certs/broker.pem',
  });
  expect(p['listener.name.sasl_plaintext.plain.sasl.jaas.config']).toContain('user_dynamic-gateway="gw-pw"');
});

test('names or passwords that would break the JAAS or --add-scram syntax are refused', () => {
  expect(() => scramFormatArgs({ admin: { name: 'admin', password: 'a"b' }, users: [] })).toThrow(
    /must match/,
  );
  expect(() =>
    securityOverrides(
      { admin: { name: 'a,b', password: 'x' }, users: [] },
      { host: 'h', saslPort: 1, controllerPort: 2 },
    ),
  ).toThrow(/must match/);
});
