import * as fs from 'fs';
import * as path from 'path';
import { Annotations } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Compatibility } from './compatibility';
import { checkCompatibility, CompatFormat, CompatLevel, SchemaParseError, ToolMissingError } from './private/compat';
import { readVersionDirectory } from './private/history';
import { fileNameForSubject, renderConfigRequest, renderDomainRules, renderRegistrationRequest, ResolvedReference, ResolvedRule } from './private/render';
import { SchemaDefinition, SchemaFormat } from './schema-definition';
import { ArtifactFile } from '../core/private/artifact';
import { describeWrongType, escapeTerraformLiterals, isToken, requireWholeNumber } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { KafkaCluster, KafkaClusterKind } from '../kafka/kafka-cluster';
import { ITopic } from '../kafka/topic';
import { Schema as ConfluentSchema } from '../providers/confluent/schema';
import { SubjectConfig as ConfluentSubjectConfig } from '../providers/confluent/subject-config';

/** A schema registered under another subject that this schema uses (an imported `.proto`, an Avro named type, a JSON `$ref`). */
export interface SchemaReference {
  /** The name the schema uses for it: an Avro full name, a `.proto` import path, a JSON `$ref` URL. */
  readonly name: string;
  /** The subject it is registered under. */
  readonly subjectName: string;
  /** The registered version to use. */
  readonly version: number;
  /**
   * Its schema, so the offline compatibility gate can resolve it: Avro named types, or the
   * imported `.proto` file (written at the import path `name`).
   * @default - none: a schema that uses the referenced types cannot be checked offline
   */
  readonly schema?: SchemaDefinition;
}

/** When a data-contract rule runs. */
export enum DataContractRuleMode {
  /** In the producer's serializer: bad records never reach the topic. */
  WRITE = 'WRITE',
  /** In the consumer's deserializer. */
  READ = 'READ',
  /** Both. */
  WRITEREAD = 'WRITEREAD',
}

/** The expression language of a data-contract rule. */
export enum DataContractRuleType {
  /** A CEL condition on the whole message (`message.amount >= 0`). */
  CEL = 'CEL',
  /** A CEL condition applied per field (`name == "ssn" ; value.matches(...)`). */
  CEL_FIELD = 'CEL_FIELD',
}

/** A Confluent data-contract condition rule. */
export interface DataContractRule {
  /** Rule name, unique in the subject. */
  readonly name: string;
  /** The CEL expression that must hold, e.g. `message.amount >= 0`. */
  readonly expression: string;
  /**
   * Expression language.
   * @default DataContractRuleType.CEL
   */
  readonly type?: DataContractRuleType;
  /**
   * When the rule runs.
   * @default DataContractRuleMode.WRITE
   */
  readonly mode?: DataContractRuleMode;
  /**
   * Where failing records go (`onFailure: DLQ`, `dlq.topic`); the serializer writes them there
   * instead of failing the producer.
   * @default - the serializer throws (`onFailure: ERROR`)
   */
  readonly deadLetterTopic?: ITopic;
  /**
   * What the rule is for.
   * @default - none
   */
  readonly doc?: string;
  /**
   * Register the rule disabled.
   * @default false
   */
  readonly disabled?: boolean;
}

/** A schema subject in a Schema Registry. */
export interface ISchemaSubject extends IConstruct {
  /** The subject name, e.g. `orders-value`. */
  readonly subjectName: string;
  /** Schema format. */
  readonly format: SchemaFormat;
  /** Compatibility level. */
  readonly compatibility: Compatibility;
}

/** Props of `SchemaSubject`. */
export interface SchemaSubjectProps {
  /** The schema (`SchemaDefinition.avroFile('schemas/orders.avsc')`, …). */
  readonly schema: SchemaDefinition;
  /**
   * The topic whose records the schema describes: the subject is `<topic>-value` (or `<topic>-key`),
   * Confluent's default TopicNameStrategy.
   * @default - `subjectName` must be set
   */
  readonly topic?: ITopic;
  /**
   * Whether the schema describes record keys (`<topic>-key`) instead of values.
   * @default false
   */
  readonly isKey?: boolean;
  /**
   * An explicit subject name (RecordNameStrategy and the like).
   * @default - `<topic>-value` / `<topic>-key`
   */
  readonly subjectName?: string;
  /**
   * The cluster whose registry holds the subject.
   * @default - the topic's cluster
   */
  readonly cluster?: KafkaCluster;
  /**
   * Compatibility level, set on the subject and enforced offline at synth.
   * @default Compatibility.BACKWARD
   */
  readonly compatibility?: Compatibility;
  /**
   * Schemas this one uses.
   * @default - none
   */
  readonly references?: SchemaReference[];
  /**
   * Data-contract condition rules (Confluent `ruleSet.domainRules`).
   * @default - none
   */
  readonly rules?: DataContractRule[];
  /**
   * Directory of the subject's committed previous versions (`v1.avsc`, `v2.avsc`, …), relative to
   * the working directory. The current schema must be compatible with the latest of them (all of
   * them for transitive levels), or synth fails.
   * @default `schemas/<subject>`
   */
  readonly historyDirectory?: string;
}

const SUBJECT_PATTERN = /^[^\u0000-\u001f]{1,255}$/;
const RULE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * A Schema Registry subject with its compatibility level: `confluent_schema` +
 * `confluent_subject_config` on Confluent Cloud. Self-managed clusters have no registry provider
 * in this library: the subject writes the registry requests as artifacts
 * (`schemas/<subject>.registration.json`, `schemas/<subject>.config.json`) for CI to send.
 *
 * Either way, at synth the schema is checked against the subject's committed previous versions
 * (the offline compatibility gate): an incompatible change fails synth naming the subject, the
 * field and the rule.
 */
export class SchemaSubject extends Construct implements ISchemaSubject {
  /** Whether a construct is a `SchemaSubject`. */
  public static isSchemaSubject(x: any): x is SchemaSubject {
    return x instanceof SchemaSubject;
  }

  public readonly subjectName: string;
  public readonly format: SchemaFormat;
  public readonly compatibility: Compatibility;
  /** The cluster whose registry holds the subject. */
  public readonly cluster: KafkaCluster;
  /** The schema. */
  public readonly schema: SchemaDefinition;
  /** The topic, when the subject follows TopicNameStrategy. */
  public readonly topic?: ITopic;
  /** Where the committed previous versions are read from. */
  public readonly historyDirectory: string;
  /** How many committed previous versions the gate found. */
  public readonly previousVersionCount: number;
  /** Names of the data-contract rules. */
  public readonly ruleNames: string[];

  constructor(scope: Construct, id: string, props: SchemaSubjectProps) {
    super(scope, id);
    if (!(props?.schema instanceof SchemaDefinition)) {
      throw ValidationError.of(this, 'schema', 'a SchemaDefinition', props?.schema, 'use SchemaDefinition.avroFile(), .protobufFile() or .jsonSchemaFile()');
    }
    // ITopic is an interface: recognise a topic by its name (a topic name string would silently
    // name the subject "undefined-value").
    const topics: Array<[string, unknown]> = [['topic', props.topic]];
    (Array.isArray(props.rules) ? props.rules : []).forEach((r, i) => topics.push([`rules[${i}].deadLetterTopic`, r?.deadLetterTopic]));
    for (const [setting, topic] of topics) {
      if (topic !== undefined && typeof (topic as ITopic | null)?.topicName !== 'string') {
        throw new ValidationError({
          path: this.node.path,
          setting,
          limit: 'an ITopic (a Topic, or Topic.fromName(…))',
          value: describeWrongType(topic),
          fix: 'pass the Topic construct, or Topic.fromName(scope, id, topicName, cluster)',
        });
      }
    }
    const cluster = props.cluster ?? props.topic?.cluster;
    if (!(cluster instanceof KafkaCluster)) {
      throw ValidationError.of(this, 'cluster', 'a KafkaCluster (or a topic to take it from)', cluster, 'pass topic or cluster');
    }
    if (props.subjectName !== undefined && props.topic !== undefined) {
      throw ValidationError.of(this, 'subjectName', 'unset when topic is set (the topic names the subject)', props.subjectName, 'remove one of subjectName and topic');
    }
    const subjectName = props.subjectName ?? (props.topic ? `${props.topic.topicName}-${props.isKey ? 'key' : 'value'}` : undefined);
    if (subjectName === undefined) {
      throw ValidationError.of(this, 'subjectName', 'set, or a topic given (TopicNameStrategy)', undefined, 'pass topic, or subjectName');
    }
    if (!isToken(subjectName) && !SUBJECT_PATTERN.test(subjectName)) {
      throw ValidationError.of(this, 'subjectName', '1 to 255 characters without control characters', subjectName);
    }
    const compatibility = props.compatibility ?? Compatibility.BACKWARD;
    if (!Object.values(Compatibility).includes(compatibility)) {
      throw ValidationError.of(this, 'compatibility', `one of ${Object.values(Compatibility).join(', ')}`, compatibility);
    }
    const references = this.resolveReferences(props.references ?? []);
    const rules = this.resolveRules(props.rules ?? [], cluster);

    this.subjectName = subjectName;
    this.format = props.schema.format;
    this.compatibility = compatibility;
    this.cluster = cluster;
    this.schema = props.schema;
    this.topic = props.topic;
    this.historyDirectory = props.historyDirectory ?? path.join('schemas', fileNameForSubject(subjectName));
    this.ruleNames = rules.map((r) => r.name);
    this.previousVersionCount = this.runGate(props.references ?? []);

    if (cluster.kind === KafkaClusterKind.CONFLUENT_CLOUD) {
      if (!cluster.schemaRegistryUrl) {
        throw ValidationError.of(this, 'cluster.schemaRegistry', 'set on a Confluent Cloud cluster that holds schema subjects', undefined, 'pass schemaRegistry to KafkaCluster.confluentCloud()');
      }
      const provider = cluster._provider(this);
      const config = new ConfluentSubjectConfig(this, 'Config', {
        provider,
        subjectName: escapeTerraformLiterals(subjectName),
        compatibilityLevel: compatibility,
      });
      new ConfluentSchema(this, 'Resource', {
        provider,
        subjectName: escapeTerraformLiterals(subjectName),
        format: this.format,
        schema: escapeTerraformLiterals(this.schema.text),
        schemaReference: references.length > 0 ? escapeTerraformLiterals(references.map((r) => ({ ...r }))) : undefined,
        ruleset: rules.length > 0 ? { domainRules: escapeTerraformLiterals(renderDomainRules(rules)) } : undefined,
        // The level must be in place before the version is registered under it.
        dependsOn: [config],
      });
    } else {
      const base = `schemas/${fileNameForSubject(subjectName)}`;
      new ArtifactFile(this, 'Schema', { fileName: `${base}.${this.schema.fileExtension}`, render: () => this.schema.text });
      new ArtifactFile(this, 'Registration', {
        fileName: `${base}.registration.json`,
        render: () => JSON.stringify(renderRegistrationRequest(this.format, this.schema.text, references, rules), null, 2) + '\n',
      });
      new ArtifactFile(this, 'Config', {
        fileName: `${base}.config.json`,
        render: () => JSON.stringify(renderConfigRequest(compatibility), null, 2) + '\n',
      });
    }
  }

  private resolveReferences(refs: SchemaReference[]): ResolvedReference[] {
    return refs.map((r, i) => {
      if (typeof r?.name !== 'string' || r.name.length === 0) throw ValidationError.of(this, `references[${i}].name`, 'a non-empty string', r?.name);
      if (typeof r.subjectName !== 'string' || r.subjectName.length === 0) throw ValidationError.of(this, `references[${i}].subjectName`, 'a non-empty string', r.subjectName);
      requireWholeNumber(this, `references[${i}].version`, r.version, { min: 1, limit: 'a registered version number >= 1' });
      return { name: r.name, subjectName: r.subjectName, version: r.version };
    });
  }

  private resolveRules(rules: DataContractRule[], cluster: KafkaCluster): ResolvedRule[] {
    const names = new Set<string>();
    return rules.map((r, i) => {
      if (typeof r?.name !== 'string' || !RULE_NAME.test(r.name)) {
        throw ValidationError.of(this, `rules[${i}].name`, 'a rule name (letters, digits, "_", "." and "-", not starting with a digit)', r?.name);
      }
      if (names.has(r.name)) throw ValidationError.of(this, `rules[${i}].name`, 'unique in the subject', r.name);
      names.add(r.name);
      if (typeof r.expression !== 'string' || r.expression.trim().length === 0) {
        throw ValidationError.of(this, `rules[${i}].expression`, 'a non-empty CEL expression', r.expression, 'e.g. "message.amount >= 0"');
      }
      if (r.deadLetterTopic && r.deadLetterTopic.cluster !== cluster) {
        throw ValidationError.of(this, `rules[${i}].deadLetterTopic`, "on the subject's cluster (the serializer writes to it)", r.deadLetterTopic.topicName);
      }
      return {
        name: r.name,
        type: r.type ?? DataContractRuleType.CEL,
        mode: r.mode ?? DataContractRuleMode.WRITE,
        expression: r.expression,
        doc: r.doc,
        deadLetterTopic: r.deadLetterTopic?.topicName,
        disabled: r.disabled ?? false,
      };
    });
  }

  /** The offline compatibility gate. Returns how many committed versions it found. */
  private runGate(references: SchemaReference[]): number {
    const format = this.format as CompatFormat;
    if (!fs.existsSync(this.historyDirectory)) {
      Annotations.of(this).addInfo(
        `Subject "${this.subjectName}": no committed versions in ${this.historyDirectory}; the compatibility gate has nothing to compare. Commit the registered schema there as v1.${this.schema.fileExtension}.`,
      );
      return 0;
    }
    let previous;
    try {
      previous = readVersionDirectory(this.historyDirectory, format);
    } catch (e) {
      throw ValidationError.of(this, 'historyDirectory', 'a directory of v<N> files, one per version', this.historyDirectory, (e as Error).message);
    }
    if (previous.length === 0) return 0;
    const latest = previous[previous.length - 1];
    if (this.compatibility === Compatibility.NONE) return previous.length;
    const withSchema = references.filter((r) => r.schema);
    const refTexts = withSchema.map((r) => r.schema!.text);
    const protobufImports: Record<string, string> = {};
    for (const r of withSchema) protobufImports[r.name] = r.schema!.text;
    let found;
    try {
      found = checkCompatibility(format, this.compatibility as CompatLevel, previous, { label: this.schema.sourcePath ?? 'inline schema', text: this.schema.text }, { references: refTexts, protobufImports });
    } catch (e) {
      if (e instanceof ToolMissingError) {
        throw ValidationError.of(this, `schema of subject "${this.subjectName}"`, 'checked against its committed versions', this.schema.sourcePath ?? 'inline schema', e.message);
      }
      if (e instanceof SchemaParseError) {
        const hint = this.format === SchemaFormat.PROTOBUF && /import/.test(e.message)
          ? ' — give each imported file (other than google/protobuf/*) as a reference with its schema, named by its import path'
          : '';
        throw ValidationError.of(this, `schema of subject "${this.subjectName}"`, `a valid ${format} schema`, this.schema.sourcePath ?? 'inline schema', e.message + hint);
      }
      throw e;
    }
    if (found.length > 0) {
      const first = found[0];
      const more = found.length > 1 ? ` (and ${found.length - 1} more: ${found.slice(1, 4).map((f) => `${f.location} ${f.rule}`).join('; ')})` : '';
      // Built directly: the finding is prose with quotes of its own, not a value to quote.
      throw new ValidationError({
        path: this.node.path,
        setting: `schema of subject "${this.subjectName}"`,
        limit: `${this.compatibility} compatible with ${first.against}`,
        value: `${first.direction} break at ${first.location}: ${first.message} [rule ${first.rule}]${more}`,
        fix: 'make the change compatible (defaults for new fields, aliases for renames, reserved numbers for removed Protobuf fields), or register a new subject; run `realtime-pipeline schemas check` to iterate',
      });
    }
    if (latest.text.trim() !== this.schema.text.trim()) {
      Annotations.of(this).addInfo(
        `Subject "${this.subjectName}": the schema differs from ${latest.label}; after it is registered, commit it as v${previous.length + 1}.${this.schema.fileExtension} in ${this.historyDirectory}.`,
      );
    }
    return previous.length;
  }
}
