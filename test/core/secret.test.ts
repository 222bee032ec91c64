import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { Secret, SecretSource } from '../../lib';

describe('Secret', () => {
  test('a Kubernetes Secret renders a Strimzi config-provider placeholder', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const secret = Secret.fromKubernetesSecret('mysql-cdc', 'password');
    expect(secret.source).toBe(SecretSource.KUBERNETES_SECRET);
    expect(secret.toConnectPlaceholder(stack, 'streaming')).toBe('${secrets:streaming/mysql-cdc:password}');
    expect(Secret.fromKubernetesSecret('a', 'b', { namespace: 'ns' }).toConnectPlaceholder(stack)).toBe('${secrets:ns/a:b}');
  });

  test('a Kubernetes Secret placeholder is escaped for Terraform so the worker receives it verbatim', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(Secret.fromKubernetesSecret('a', 'b').toTerraformValue(stack, 'ns')).toBe('$${secrets:ns/a:b}');
  });

  test('a Kubernetes Secret without a namespace says how to fix it', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'prod');
    expect(() => Secret.fromKubernetesSecret('a', 'b').toConnectPlaceholder(stack)).toThrow(
      /\[prod\] namespace of the Kubernetes Secret must be set.*Fix: pass \{ namespace \}/,
    );
  });

  test('a Terraform variable is declared once, sensitive, and referenced by expression', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 's');
    const secret = Secret.fromTerraformVariable('mysql_password');
    const a = secret.toTerraformValue(stack);
    const b = Secret.fromTerraformVariable('mysql_password').toTerraformValue(stack);
    new TerraformOutput(stack, 'a', { value: a, sensitive: true });
    new TerraformOutput(stack, 'b', { value: b, sensitive: true });
    const tf = JSON.parse(Testing.synth(stack));
    expect(tf.output.a.value).toBe('${var.mysql_password}');
    expect(tf.output.b.value).toBe('${var.mysql_password}');
    expect(Object.keys(tf.variable)).toEqual(['mysql_password']);
    expect(tf.variable.mysql_password).toMatchObject({ sensitive: true, type: 'string', nullable: false });
  });

  test('a Terraform variable cannot be given to a Connect worker', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => Secret.fromTerraformVariable('pw').toConnectPlaceholder(stack)).toThrow(/cannot read Terraform variables/);
  });

  test('config-provider references render the worker placeholder', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const s = Secret.fromConfigProvider('file', '/opt/kafka/creds.properties', 'password');
    expect(s.toConnectPlaceholder(stack)).toBe('${file:/opt/kafka/creds.properties:password}');
    expect(s.toTerraformValue(stack)).toBe('$${file:/opt/kafka/creds.properties:password}');
  });

  test('string conversion describes the reference, never a value', () => {
    expect(`${Secret.fromKubernetesSecret('mysql-cdc', 'password')}`).toBe('Secret(kubernetes secret mysql-cdc key password)');
  });

  test('a variable description is literal text for Terraform', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    Secret.fromTerraformVariable('pw', { description: 'Password, e.g. from ${VAULT}/%{path}' }).toTerraformValue(stack);
    expect(JSON.parse(Testing.synth(stack)).variable.pw.description).toBe('Password, e.g. from $${VAULT}/%%{path}');
  });

  test('invalid references are refused', () => {
    expect(() => Secret.fromKubernetesSecret('a', 'b', { namespace: 'ns%{x}${y}' })).toThrow(
      /\[Secret.fromKubernetesSecret\] namespace must be a Kubernetes namespace \(a DNS label.*\(got "ns%\{x\}\$\{y\}"\)/,
    );
    expect(() => Secret.fromKubernetesSecret('MySQL', 'password')).toThrow(/DNS subdomain/);
    expect(() => Secret.fromTerraformVariable('1x')).toThrow(/Terraform identifier/);
    expect(() => Secret.fromConfigProvider('file', '', 'k')).toThrow(/path must be a non-empty string/);
  });
});
