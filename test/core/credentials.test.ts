import { TerraformStack, Testing } from 'cdktf';
import { Secret } from '../../lib';
import { hasUrlCredentials, isSecretLikeKey, literalCredentialProblem, redactUrlCredentials } from '../../lib/core/private/credentials';
import { requireNoLiteralCredentials, requireSecret, requireTerraformSecret } from '../../lib/core/private/secrets';
import { ValidationError } from '../../lib/core/private/validation-error';

const message = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('what counts as a credential', () => {
  test.each([
    'ssl.key.password', 'ssl.keystore.password', 'ssl.truststore.password', 'database.password', 'sasl.jaas.config',
    'schema.history.internal.producer.sasl.jaas.config', 'value.converter.basic.auth.user.info', 'basic.auth.user.info',
    'fs.s3a.secret.key', 'fs.s3a.access.key', 's3.secret-key', 'ssl.keystore.key', 'sasl.oauthbearer.client.secret',
    'bearer.auth.token', 'apiKey', 'apiSecret', 'basicAuthPassword', 'gcp.credentials',
  ])('%s is secret-like', (key) => expect(isSecretLikeKey(key)).toBe(true));

  test.each([
    'security.protocol', 'sasl.mechanism', 'ssl.truststore.location', 'basic.auth.credentials.source', 'key.converter',
    'value.converter.schema.registry.url', 'message.key.columns', 'retention.ms', 'snapshot.mode', 'ssl.keystore.type', 'pushSecret',
  ])('%s is not', (key) => expect(isSecretLikeKey(key)).toBe(false));

  test('a secret-like value may only be a reference the runtime resolves', () => {
    expect(literalCredentialProblem('ssl.key.password', 'hunter2')).toBe('a literal value');
    expect(literalCredentialProblem('ssl.key.password', '${secrets:streaming/kafka-tls:key-password}')).toBeUndefined();
    expect(literalCredentialProblem('ssl.key.password', '${file:/opt/kafka/creds.properties:key}')).toBeUndefined();
    expect(literalCredentialProblem('ssl.key.password', '$${secrets:ns/n:k}')).toBeUndefined();
    expect(literalCredentialProblem('ssl.key.password', 'x${secrets:ns/n:k}')).toBe('a literal value');
  });

  test('a JAAS config may name its login module and user, but every password-like option must be a reference', () => {
    const module = 'org.apache.kafka.common.security.scram.ScramLoginModule required';
    expect(literalCredentialProblem('sasl.jaas.config', `${module} username="cdc" password="\${secrets:ns/kafka:password}";`)).toBeUndefined();
    expect(literalCredentialProblem('sasl.jaas.config', `${module} username="cdc" password="hunter2";`)).toBe('a literal password in the JAAS config');
    expect(literalCredentialProblem('sasl.jaas.config', `${module} clientSecret=hunter2;`)).toBe('a literal clientSecret in the JAAS config');
  });

  test('URLs with a password in the user-info or the query are found and redacted', () => {
    expect(hasUrlCredentials('https://sr-user:hunter2@registry.example.com:8081')).toBe(true);
    expect(hasUrlCredentials('jdbc:mysql://root:hunter2@mysql:3306/shop')).toBe(true);
    expect(hasUrlCredentials('https://storage.example.com/x?sv=1&sig=abcd')).toBe(true);
    expect(hasUrlCredentials('https://user@registry.example.com')).toBe(false);
    expect(hasUrlCredentials('https://registry.example.com:8081')).toBe(false);
    expect(hasUrlCredentials('s3://bucket/flink')).toBe(false);
    expect(redactUrlCredentials('see https://sr-user:hunter2@registry.example.com:8081/x')).toBe('see https://sr-user:<hidden>@registry.example.com:8081/x');
  });
});

describe('errors about secret-like settings never print the refused value', () => {
  test('a Secret prop given a string or an object prints its kind only, and names the Secret mechanism', () => {
    for (const value of ['hunter2', { value: 'hunter2' }, ['hunter2']]) {
      const m = message(() => requireSecret('CdcSource.mysql', 'password', value));
      expect(m).not.toContain('hunter2');
      expect(m).toMatch(/^\[CdcSource\.mysql\] password must be a Secret reference .*\(got a literal (string|object|list), hidden\)\. Fix: .*Secret\.fromKubernetesSecret/);
    }
    expect(message(() => requireTerraformSecret('KafkaCluster.selfManaged', 'sasl.password', { value: 'hunter2' } as any))).not.toContain('hunter2');
  });

  test('a Secret reference of the wrong kind is still described (it holds no value)', () => {
    expect(message(() => requireTerraformSecret('X', 'apiKey', Secret.fromKubernetesSecret('a', 'b')))).toMatch(/\(got Secret\(kubernetes secret a key b\)\)/);
  });

  test('ValidationError.of hides values of secret-like settings and URL passwords wherever they appear', () => {
    expect(ValidationError.of('P', 'additionalConfig["database.password"]', 'not set here', 'hunter2').message).toBe(
      '[P] additionalConfig["database.password"] must be not set here (got a literal string, hidden).',
    );
    expect(ValidationError.of('P', 'sasl.password', 'x', 42).message).toMatch(/got a literal number, hidden/);
    expect(ValidationError.of('P', 'url', 'an http(s) URL', 'https://u:hunter2@h x').message).toBe('[P] url must be an http(s) URL (got "https://u:<hidden>@h x").');
    // Free text naming a secret is not a setting: its value is shown.
    expect(ValidationError.of('P', 'namespace of the Kubernetes Secret', 'set', 'kubernetes secret a key b').message).toMatch(/got "kubernetes secret a key b"/);
  });

  test('pass-through maps refuse literal credentials with a fix naming the Secret mechanism', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const m = message(() => requireNoLiteralCredentials(stack, 'additionalConfig', { 'snapshot.mode': 'initial', 'value.converter.basic.auth.user.info': 'sr:hunter2' }));
    expect(m).toMatch(/^\[s\] additionalConfig\["value\.converter\.basic\.auth\.user\.info"\] must be a reference to a secret, not a literal value .*\(got a literal string, hidden\)\. Fix: .*Secret\.fromKubernetesSecret\("NAME", "KEY"\).*\$\{secrets:NAMESPACE\/NAME:KEY\}.*Secret\.fromConfigProvider/);
    expect(m).not.toContain('hunter2');
    const url = message(() => requireNoLiteralCredentials(stack, 'config', { 'schema.registry.url': 'https://sr:hunter2@registry:8081' }));
    expect(url).toMatch(/config\["schema\.registry\.url"\] must be a URL without credentials .*\(got "https:\/\/sr:<hidden>@registry:8081"\)/);
    expect(url).not.toContain('hunter2');
    expect(() => requireNoLiteralCredentials(stack, 'additionalConfig', { 'ssl.key.password': '${secrets:ns/tls:key}', 'sasl.jaas.config': 'M required username="u" password="${secrets:ns/k:p}";' })).not.toThrow();
  });
});
