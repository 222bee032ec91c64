/**
 * What counts as a credential, for checks and for error messages. Pure functions importing only
 * cdktf's token encoding (itself without imports): `ValidationError` uses them to hide refused
 * values, so they cannot depend on anything that throws one.
 */
import { STRING_TOKEN_BODY } from './cdktf/token-encoding';

/**
 * Setting names (config keys or prop names, compared case-insensitively) that hold credentials:
 * Kafka's PASSWORD-typed settings (`ssl.key.password`, `ssl.keystore.password`,
 * `sasl.jaas.config`, …), Schema Registry's `basic.auth.user.info`, cloud keys
 * (`fs.s3a.secret.key`, `s3.access-key`), tokens, and props like `apiKey` or `basicAuthPassword`.
 */
const SECRET_KEY =
  /(password|passwd|secret|jaas\.config|user[._-]?info|credentials?|(access|api|private|keystore|encryption|secret)[._-]?key|(^|[._-])(pwd|pass|token|sas|sig))$/i;

/** Whether a setting or config key holds a credential. */
export function isSecretLikeKey(key: string): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key.trim()) && !SECRET_NAME.test(key.trim());
}

/** Settings that name a Kubernetes Secret (`pushSecret`, `imagePullSecret`) rather than hold a value. */
const SECRET_NAME = /(push|pull)[._-]?secrets?$/i;

/**
 * Whether the setting named in an error message is secret-like: a prop path such as
 * `sasl.password` or `target.apiSecret`, or a map entry such as `additionalConfig["ssl.key.password"]`.
 * Free text (with spaces) is not a setting name and is never treated as one.
 */
export function isSecretLikeSetting(setting: string): boolean {
  if (typeof setting !== 'string') return false;
  const entry = /\["([^"]*)"\]$/.exec(setting);
  if (entry) return isSecretLikeKey(entry[1]);
  if (/\s/.test(setting)) return false;
  const last = setting.split('.').pop() ?? '';
  return isSecretLikeKey(last) || isSecretLikeKey(setting);
}

/**
 * A reference the runtime resolves, not a value: a Kafka Connect config-provider placeholder
 * (`${secrets:ns/name:key}`, `${file:/path:key}`, `${vault:path:key}`), possibly escaped for
 * Terraform (`$${…}`), or a Terraform expression (`${var.name}`, an unresolved cdktf token).
 */
const REFERENCE = new RegExp(`\\$?\\$\\{(?:[A-Za-z][\\w.-]*:[^{}]*|var\\.[\\w-]+|${STRING_TOKEN_BODY})\\}`);
const ONLY_REFERENCE = new RegExp(`^\\s*${REFERENCE.source}\\s*$`);

/** JAAS options that carry a credential: `password="…"`, `clientSecret="…"`, `token=…`. */
const JAAS_SECRET_OPTION = /\b(\w*(?:password|secret|token)\w*)\s*=\s*("([^"]*)"|[^\s;]+)/gi;

/**
 * Why a value of a secret-like key is a literal credential, or `undefined` when it only holds
 * references (or nothing). A JAAS config may hold literal module names and user names, but every
 * password-like option must be a reference.
 */
export function literalCredentialProblem(key: string, value: string): string | undefined {
  if (typeof value !== 'string') return 'a literal value';
  if (value.trim() === '') return undefined;
  if (/jaas[._-]config$/i.test(key)) {
    for (const m of value.matchAll(JAAS_SECRET_OPTION)) {
      const v = m[3] ?? m[2];
      if (!ONLY_REFERENCE.test(v)) return `a literal ${m[1]} in the JAAS config`;
    }
    return undefined;
  }
  return ONLY_REFERENCE.test(value) ? undefined : 'a literal value';
}

/** `scheme://user:password@host`: a URL carrying its password in the user-info part. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.:-]*:\/\/)([^/?#\s@:]*):([^/?#\s@]*)@/gi;
/** A credential in a URL's query: `?password=…`, `&sig=…` (SAS), `&token=…`. */
const QUERY_SECRET = /([?&;](?:password|pwd|secret|token|sig|api[_-]?key|access[_-]?key)=)([^&;#\s]+)/gi;

/** Whether a text holds a URL with a literal password (user-info or query). */
export function hasUrlCredentials(text: string): boolean {
  if (typeof text !== 'string') return false;
  const literal = (v: string) => v !== '' && !ONLY_REFERENCE.test(v);
  for (const m of text.matchAll(URL_PASSWORD)) if (literal(m[3])) return true;
  for (const m of text.matchAll(QUERY_SECRET)) if (literal(m[2])) return true;
  return false;
}

/** The text with URL passwords replaced by `<hidden>`: safe to print. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_PASSWORD, (_m, scheme, user) => `${scheme}${user}:<hidden>@`).replace(QUERY_SECRET, (_m, k) => `${k}<hidden>`);
}

/** What to print instead of a refused secret value: its kind, never the value. */
export function hiddenValue(value: unknown): string {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value === 'object' ? 'object' : typeof value;
  return `a literal ${kind}, hidden`;
}
