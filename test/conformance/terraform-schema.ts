import * as fs from 'fs';
import * as path from 'path';

/**
 * Checks synthesized Terraform JSON (`cdk.tf.json`) against provider schemas in the
 * `terraform providers schema -json` format (the files in providers/): unknown attributes and
 * blocks, missing required attributes, block min/max items, attribute types, read-only attributes
 * set. Terraform would refuse the same things at `plan`; this finds them at test time.
 */
export interface SchemaViolation {
  /** Terraform address, e.g. `resource.kafka_topic.orders.config`. */
  readonly address: string;
  readonly message: string;
}

export interface CheckOptions {
  /**
   * Resource/data types allowed without a schema here (their provider's schema is not in
   * providers/). Contents of `kubernetes_manifest` are checked against CRDs instead.
   */
  readonly allowTypesWithoutSchema?: string[];
}

type CtyType = string | [string, any];

interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
}
interface SchemaAttribute {
  type?: CtyType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}
interface SchemaBlockType {
  nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', '//']);
const DATA_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', '//']);
const PROVIDER_META = new Set(['alias', 'version', '//']);

export class TerraformSchemaChecker {
  /** The checker for the schemas committed in providers/ (loaded once per process). */
  public static forProjectProviders(): TerraformSchemaChecker {
    if (!TerraformSchemaChecker.instance) {
      const dir = path.resolve(__dirname, '..', '..', 'providers');
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
      TerraformSchemaChecker.instance = new TerraformSchemaChecker(
        files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))),
      );
    }
    return TerraformSchemaChecker.instance;
  }
  private static instance?: TerraformSchemaChecker;

  private readonly resources = new Map<string, SchemaBlock>();
  private readonly dataSources = new Map<string, SchemaBlock>();
  /** provider source address (e.g. `mongey/kafka`) → provider config block */
  private readonly providers = new Map<string, SchemaBlock>();

  constructor(schemaDocuments: any[]) {
    for (const doc of schemaDocuments) {
      for (const [address, ps] of Object.entries<any>(doc.provider_schemas ?? {})) {
        const source = address.replace(/^registry\.terraform\.io\//, '').toLowerCase();
        this.providers.set(source, ps.provider?.block ?? {});
        for (const [type, s] of Object.entries<any>(ps.resource_schemas ?? {})) this.resources.set(type, s.block);
        for (const [type, s] of Object.entries<any>(ps.data_source_schemas ?? {})) this.dataSources.set(type, s.block);
      }
    }
  }

  /** Every violation in a synthesized stack (empty when it conforms). */
  public check(tf: any, options: CheckOptions = {}): SchemaViolation[] {
    const out: SchemaViolation[] = [];
    const allowed = new Set(options.allowTypesWithoutSchema ?? []);
    const required: Record<string, any> = tf?.terraform?.required_providers ?? {};

    for (const [local, configs] of Object.entries<any>(tf?.provider ?? {})) {
      const source = String(required[local]?.source ?? '').replace(/^registry\.terraform\.io\//, '').toLowerCase();
      const schema = this.providers.get(source);
      if (!schema) {
        if (![...allowed].some((t) => t.startsWith(`${local}_`))) {
          out.push({ address: `provider.${local}`, message: `no schema for provider "${local}" (source "${source}")` });
        }
        continue;
      }
      for (const [i, config] of asArray(configs).entries()) {
        checkBlock(schema, config, `provider.${local}[${i}]`, PROVIDER_META, out);
      }
    }

    for (const [kind, schemas, meta] of [
      ['resource', this.resources, RESOURCE_META],
      ['data', this.dataSources, DATA_META],
    ] as Array<[string, Map<string, SchemaBlock>, Set<string>]>) {
      for (const [type, instances] of Object.entries<any>(tf?.[kind] ?? {})) {
        const schema = schemas.get(type);
        if (!schema) {
          if (!allowed.has(type)) out.push({ address: `${kind}.${type}`, message: `unknown ${kind} type "${type}"` });
          continue;
        }
        for (const [name, body] of Object.entries<any>(instances)) {
          checkBlock(schema, body, `${kind}.${type}.${name}`, meta, out);
        }
      }
    }
    return out;
  }
}

function asArray(v: any): any[] {
  return Array.isArray(v) ? v : [v];
}

function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

function checkBlock(schema: SchemaBlock, body: any, address: string, meta: Set<string>, out: SchemaViolation[]) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    out.push({ address, message: `expected a block (object), got ${describe(body)}` });
    return;
  }
  const attributes = schema.attributes ?? {};
  const blocks = schema.block_types ?? {};
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    if (key === 'dynamic') continue; // dynamic blocks: expanded by Terraform from expressions
    const attr = attributes[key];
    if (attr) {
      if (attr.computed && !attr.optional && !attr.required) {
        out.push({ address: `${address}.${key}`, message: 'read-only (computed) attribute must not be set' });
      } else if (value !== null && attr.type !== undefined) {
        checkType(attr.type, value, `${address}.${key}`, out);
      }
      continue;
    }
    const block = blocks[key];
    if (block) {
      checkNestedBlock(block, value, `${address}.${key}`, out);
      continue;
    }
    out.push({ address: `${address}.${key}`, message: `unknown attribute or block "${key}"` });
  }
  for (const [key, attr] of Object.entries(attributes)) {
    if (attr.required && (body[key] === undefined || body[key] === null)) {
      out.push({ address: `${address}.${key}`, message: 'required attribute is missing' });
    }
  }
  for (const [key, block] of Object.entries(blocks)) {
    if ((block.min_items ?? 0) > 0 && body[key] === undefined && !(body.dynamic && body.dynamic[key])) {
      out.push({ address: `${address}.${key}`, message: `required block is missing (min_items ${block.min_items})` });
    }
  }
}

function checkNestedBlock(block: SchemaBlockType, value: any, address: string, out: SchemaViolation[]) {
  if (isExpression(value)) return;
  let items: Array<[string, any]>;
  if (block.nesting_mode === 'map') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.push({ address, message: `expected a map of blocks, got ${describe(value)}` });
      return;
    }
    items = Object.entries(value).map(([k, v]) => [`${address}["${k}"]`, v]);
  } else {
    // Terraform JSON accepts one object or an array of objects for a block.
    items = asArray(value).map((v, i) => [Array.isArray(value) ? `${address}[${i}]` : address, v]);
  }
  if ((block.nesting_mode === 'single' || block.nesting_mode === 'group') && items.length > 1) {
    out.push({ address, message: `single block given ${items.length} times` });
  }
  if (block.min_items !== undefined && block.min_items > 0 && items.length < block.min_items) {
    out.push({ address, message: `needs at least ${block.min_items} block(s), got ${items.length}` });
  }
  if (block.max_items !== undefined && block.max_items > 0 && items.length > block.max_items) {
    out.push({ address, message: `allows at most ${block.max_items} block(s), got ${items.length}` });
  }
  for (const [a, v] of items) checkBlock(block.block, v, a, new Set(), out);
}

function checkType(type: CtyType, value: any, address: string, out: SchemaViolation[]) {
  if (isExpression(value)) return;
  if (typeof type === 'string') {
    switch (type) {
      case 'dynamic':
        return;
      case 'string':
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return;
        break;
      case 'number':
        if (typeof value === 'number' && Number.isFinite(value)) return;
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return;
        break;
      case 'bool':
        if (typeof value === 'boolean' || value === 'true' || value === 'false') return;
        break;
    }
    out.push({ address, message: `expected ${type}, got ${describe(value)}` });
    return;
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) {
      out.push({ address, message: `expected ${kind} of ${JSON.stringify(inner)}, got ${describe(value)}` });
      return;
    }
    value.forEach((v, i) => checkType(inner, v, `${address}[${i}]`, out));
    return;
  }
  if (kind === 'map' || kind === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.push({ address, message: `expected ${kind}, got ${describe(value)}` });
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (kind === 'map') checkType(inner, v, `${address}["${k}"]`, out);
      else if (!(k in inner)) out.push({ address: `${address}.${k}`, message: `unknown object attribute "${k}"` });
      else if (v !== null) checkType(inner[k], v, `${address}.${k}`, out);
    }
    return;
  }
  if (kind === 'tuple') {
    if (!Array.isArray(value) || value.length !== inner.length) {
      out.push({ address, message: `expected tuple of ${inner.length}, got ${describe(value)}` });
      return;
    }
    value.forEach((v, i) => checkType(inner[i], v, `${address}[${i}]`, out));
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Read every synthesized stack under a cdktf output directory: stack name → parsed cdk.tf.json. */
export function readSynthesizedStacks(outdir: string): Map<string, any> {
  const stacksDir = path.join(outdir, 'stacks');
  const out = new Map<string, any>();
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    if (fs.existsSync(file)) out.set(name, JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return out;
}
