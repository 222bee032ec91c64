import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { CRD_DIR } from './shared';

/**
 * Validates Kubernetes custom resources against the upstream CRDs' `openAPIV3Schema`, the way the
 * API server would accept them, and stricter in one respect: fields the server would silently
 * prune (unknown properties) are errors, so typos fail tests instead of vanishing at apply time.
 */
export interface CrdViolation {
  readonly resource: string;
  readonly path: string;
  readonly message: string;
}

interface CrdEntry {
  readonly schema: any;
  validate?: ValidateFunction;
}

const K8S_VOCABULARY = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-validations',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'example',
];

export class CrdValidator {
  /** One validator per process: compiling FlinkDeployment alone takes about a second. */
  public static shared(): CrdValidator {
    if (!CrdValidator.instance) CrdValidator.instance = new CrdValidator(CRD_DIR);
    return CrdValidator.instance;
  }
  private static instance?: CrdValidator;

  private readonly ajv: Ajv;
  private readonly crds = new Map<string, CrdEntry>();

  constructor(crdDir: string) {
    this.ajv = new Ajv({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      code: {
        // Go/RE2 inline flags like `^(?i)(abort|warn)?$` are not JavaScript: turn `(?i)` into the i flag.
        regExp: ((pattern: string, flags: string) => {
          if (pattern.includes('(?i)')) return new RegExp(pattern.replace('(?i)', ''), (flags || '') + 'i');
          return new RegExp(pattern, flags);
        }) as any,
      },
    });
    addFormats(this.ajv);
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
    });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addFormat('float', { type: 'number', validate: () => true });
    for (const keyword of K8S_VOCABULARY) this.ajv.addKeyword({ keyword, schemaType: ['boolean', 'string', 'array', 'object'] });
    this.ajv.addKeyword({
      keyword: 'x-kubernetes-int-or-string',
      schemaType: 'boolean',
      validate: (enabled: boolean, data: unknown) => !enabled || typeof data === 'string' || Number.isInteger(data),
      errors: false,
    });

    for (const file of listYaml(crdDir)) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        const group = crd.spec.group;
        const kind = crd.spec.names.kind;
        for (const version of crd.spec.versions) {
          if (!version.served || !version.schema?.openAPIV3Schema) continue;
          this.crds.set(`${group}/${version.name}/${kind}`, { schema: version.schema.openAPIV3Schema });
        }
      }
    }
  }

  /** The `apiVersion/kind` pairs this validator knows. */
  public get kinds(): string[] {
    return [...this.crds.keys()].sort();
  }

  /** Validate one resource; returns the violations (empty when valid). */
  public validate(resource: any): CrdViolation[] {
    const id = `${resource?.metadata?.namespace ?? ''}/${resource?.kind}/${resource?.metadata?.name}`;
    const entry = this.crds.get(`${resource?.apiVersion}/${resource?.kind}`);
    if (!entry) {
      return [{ resource: id, path: '', message: `no CRD for apiVersion ${resource?.apiVersion} kind ${resource?.kind}` }];
    }
    const violations: CrdViolation[] = [];
    if (!resource.metadata?.name) violations.push({ resource: id, path: '/metadata/name', message: 'is required' });
    if (!entry.validate) entry.validate = this.ajv.compile(prepare(entry.schema, true));
    if (!entry.validate(resource)) {
      for (const e of entry.validate.errors ?? []) {
        const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as any).additionalProperty}'` : '';
        violations.push({ resource: id, path: e.instancePath, message: `${e.message}${extra}` });
      }
    }
    return violations;
  }
}

/** The ObjectMeta fields generated resources may set; label and annotation values must be strings. */
const OBJECT_META = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' } },
  },
  additionalProperties: false,
};

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYaml(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Copy the schema for ajv: close objects that Kubernetes would prune, and give roots that omit them
 * (Fabric8-generated Flink CRDs) the `apiVersion`/`kind`/`metadata` fields every resource has.
 */
function prepare(schema: any, root: boolean): any {
  if (Array.isArray(schema)) return schema.map((s) => prepare(s, false));
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, prepare(v, false)]));
    } else if (key === 'enum' || key === 'required' || key === 'example' || key === 'default') {
      out[key] = value;
    } else {
      out[key] = prepare(value, false);
    }
  }
  if (root) {
    out.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...(out.properties ?? {}),
      metadata: OBJECT_META,
    };
    out.required = [...new Set([...(out.required ?? []), 'apiVersion', 'kind', 'metadata'])];
  }
  if (out.properties && !out['x-kubernetes-preserve-unknown-fields'] && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}
