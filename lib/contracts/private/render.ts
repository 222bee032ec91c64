/**
 * Renderers for schema subjects: pure functions from resolved values to the Confluent provider's
 * attributes and to the Schema Registry REST bodies written as artifacts.
 */

export interface ResolvedReference {
  readonly name: string;
  readonly subjectName: string;
  readonly version: number;
}

export interface ResolvedRule {
  readonly name: string;
  readonly type: string;
  readonly mode: string;
  readonly expression: string;
  readonly doc?: string;
  readonly deadLetterTopic?: string;
  readonly disabled: boolean;
}

/** The `ruleset.domain_rules` entries of `confluent_schema` (provider attribute names, camel-cased for cdktf). */
export function renderDomainRules(rules: ResolvedRule[]) {
  return rules.map((r) => ({
    name: r.name,
    kind: 'CONDITION',
    type: r.type,
    mode: r.mode,
    expr: r.expression,
    doc: r.doc,
    disabled: r.disabled ? true : undefined,
    onFailure: r.deadLetterTopic ? 'DLQ' : 'ERROR',
    params: r.deadLetterTopic ? { 'dlq.topic': r.deadLetterTopic } : undefined,
  }));
}

/**
 * The body of `POST /subjects/<subject>/versions` (Confluent Schema Registry REST API, also served
 * by Redpanda and Apicurio's ccompat API).
 */
export function renderRegistrationRequest(format: string, schema: string, references: ResolvedReference[], rules: ResolvedRule[]): any {
  const body: any = { schema };
  // The registry treats a missing schemaType as AVRO.
  if (format !== 'AVRO') body.schemaType = format;
  if (references.length > 0) body.references = references.map((r) => ({ name: r.name, subject: r.subjectName, version: r.version }));
  if (rules.length > 0) {
    body.ruleSet = {
      domainRules: rules.map((r) => {
        const rule: any = { name: r.name, kind: 'CONDITION', type: r.type, mode: r.mode, expr: r.expression };
        if (r.doc) rule.doc = r.doc;
        if (r.disabled) rule.disabled = true;
        rule.onFailure = r.deadLetterTopic ? 'DLQ' : 'ERROR';
        if (r.deadLetterTopic) rule.params = { 'dlq.topic': r.deadLetterTopic };
        return rule;
      }),
    };
  }
  return body;
}

/** The body of `PUT /config/<subject>`. */
export function renderConfigRequest(compatibility: string): any {
  return { compatibility };
}

/** A file-system-safe name for a subject (subjects may hold any character). */
export function fileNameForSubject(subject: string): string {
  return subject.replace(/[^A-Za-z0-9._-]/g, '_');
}
