import * as fs from 'fs';
import * as path from 'path';
import { ValidationError } from '../core/private/validation-error';

/** Schema formats, spelled as the Schema Registry spells them. */
export enum SchemaFormat {
  /** Apache Avro (`.avsc`). */
  AVRO = 'AVRO',
  /** Protocol Buffers (`.proto`). */
  PROTOBUF = 'PROTOBUF',
  /** JSON Schema. */
  JSON = 'JSON',
}

/**
 * A schema's text and format, from a file or inline. Files are read when the definition is made
 * (relative paths from the working directory, where `cdktf synth` runs).
 */
export class SchemaDefinition {
  /** An Avro schema file (`.avsc`). */
  public static avroFile(filePath: string): SchemaDefinition {
    return SchemaDefinition.fromFile(SchemaFormat.AVRO, filePath, 'avroFile');
  }
  /** An inline Avro schema (JSON text). */
  public static avro(text: string): SchemaDefinition {
    return SchemaDefinition.inline(SchemaFormat.AVRO, text, 'avro');
  }
  /** A Protobuf schema file (`.proto`). */
  public static protobufFile(filePath: string): SchemaDefinition {
    return SchemaDefinition.fromFile(SchemaFormat.PROTOBUF, filePath, 'protobufFile');
  }
  /** An inline Protobuf schema. */
  public static protobuf(text: string): SchemaDefinition {
    return SchemaDefinition.inline(SchemaFormat.PROTOBUF, text, 'protobuf');
  }
  /** A JSON Schema file. */
  public static jsonSchemaFile(filePath: string): SchemaDefinition {
    return SchemaDefinition.fromFile(SchemaFormat.JSON, filePath, 'jsonSchemaFile');
  }
  /** An inline JSON Schema (JSON text). */
  public static jsonSchema(text: string): SchemaDefinition {
    return SchemaDefinition.inline(SchemaFormat.JSON, text, 'jsonSchema');
  }

  private static fromFile(format: SchemaFormat, filePath: string, factory: string): SchemaDefinition {
    const resolved = path.resolve(filePath ?? '');
    let text: string;
    try {
      text = fs.readFileSync(resolved, 'utf8');
    } catch (e) {
      throw ValidationError.of(`SchemaDefinition.${factory}`, 'filePath', 'a readable file', filePath, `check the path (resolved from ${process.cwd()}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return new SchemaDefinition(format, text, filePath, factory);
  }

  private static inline(format: SchemaFormat, text: string, factory: string): SchemaDefinition {
    return new SchemaDefinition(format, text, undefined, factory);
  }

  /** The format. */
  public readonly format: SchemaFormat;
  /** The schema text as registered. */
  public readonly text: string;
  /** The file it came from, when it came from a file. */
  public readonly sourcePath?: string;

  private constructor(format: SchemaFormat, text: string, sourcePath: string | undefined, factory: string) {
    if (typeof text !== 'string' || text.trim().length === 0) {
      throw ValidationError.of(sourcePath ?? `SchemaDefinition.${factory}`, 'schema', 'a non-empty text', text);
    }
    if (format !== SchemaFormat.PROTOBUF) {
      try {
        JSON.parse(text);
      } catch (e) {
        throw ValidationError.of(sourcePath ?? `SchemaDefinition.${factory}`, 'schema', `JSON text (${format} schemas are JSON)`, text.slice(0, 60), (e as Error).message);
      }
    }
    this.format = format;
    this.text = text;
    this.sourcePath = sourcePath;
  }

  /** The usual file extension of the format. */
  public get fileExtension(): string {
    switch (this.format) {
      case SchemaFormat.AVRO:
        return 'avsc';
      case SchemaFormat.PROTOBUF:
        return 'proto';
      default:
        return 'json';
    }
  }
}
