import type { DebeziumConnector } from '../cdc/debezium-connector';
import { Compatibility } from '../contracts/compatibility';
import { SchemaDefinition } from '../contracts/schema-definition';
import { Duration } from '../core/duration';
import { describeWrongType, requireEnumValue, requireInstance, requireInstances } from '../core/private/validate';
import { ValidationError } from '../core/private/validation-error';
import { Expectation } from '../flink/expectation';
import { AggregateDefinition, WindowSpec } from '../flink/flink-statement';
import { FlinkTable } from '../flink/flink-table';
import { ColumnDefinition } from '../flink/sql-type';
import type { ITopic } from '../kafka/topic';

/** One captured table of a pipeline's CDC source: what a stream reads. */
export class CdcTable {
  /** The connector capturing the table. */
  public readonly connector: DebeziumConnector;
  /** The table as the source names it, e.g. `store.orders`. */
  public readonly table: string;
  /** The Debezium change topic of the table. */
  public readonly topic: ITopic;
  /** The pipeline's name for the source. */
  public readonly sourceName: string;

  /**
   * @param sourceName the pipeline's name for the source (used in names and lineage)
   * @param connector the connector capturing the table
   * @param table the captured table, e.g. `store.orders`
   */
  constructor(sourceName: string, connector: DebeziumConnector, table: string) {
    // A type-only import (the connector module imports this one): recognise it by its method.
    if (typeof (connector as DebeziumConnector | undefined)?.table !== 'function') {
      throw new ValidationError({
        path: 'CdcTable',
        setting: 'connector',
        limit: 'a DebeziumConnector (take tables from pipeline.addCdcSource(…).table(…))',
        value: describeWrongType(connector),
      });
    }
    this.sourceName = sourceName;
    this.connector = connector;
    this.table = table;
    this.topic = connector.table(table);
  }
}

/** What every stream declares about the table it reads. */
export interface StreamSourceProps {
  /** The captured table the stream reads (`source.table('store.orders')`). */
  readonly from: CdcTable;
  /**
   * The table's columns as Flink SQL reads them from the change events (`ColumnDefinition`s with
   * `SqlType`s). Only these columns are read; others in the events are ignored.
   */
  readonly columns: ColumnDefinition[];
  /** Event-time column (a `TIMESTAMP(3)`/`TIMESTAMP_LTZ(3)` column), the time freshness is measured on. */
  readonly eventTime: string;
  /**
   * How late events may arrive: `WATERMARK FOR eventTime AS eventTime - watermarkDelay`.
   * @default Duration.seconds(5)
   */
  readonly watermarkDelay?: Duration;
  /**
   * Quality gate: rows failing an expectation go to the stream's dead-letter topic with the
   * expectation's error code instead of the output.
   * @default - no gate (and no dead-letter topic)
   */
  readonly expectations?: Expectation[];
  /**
   * Partitions of the output topic.
   * @default - the pipeline environment's default
   */
  readonly partitions?: number;
  /**
   * Retention of the output topic.
   * @default Duration.days(2)
   */
  readonly retention?: Duration;
  /**
   * Checkpoint interval of the stream's Flink job (exactly-once, RocksDB incremental).
   * @default - the pipeline's checkpoint interval
   */
  readonly checkpointInterval?: Duration;
  /**
   * Parallelism of the stream's Flink job.
   * @default 2
   */
  readonly parallelism?: number;
  /**
   * Declare that a changed query may start without the state it cannot map
   * (`allowNonRestoredState`): the upgrade path the destructive-change guard accepts.
   * @default false
   */
  readonly allowNonRestoredState?: boolean;
  /**
   * The output's value contract: a schema subject (`<topic>-value`) checked at synth against its
   * committed previous versions.
   * @default - no contract
   */
  readonly schema?: SchemaDefinition;
  /**
   * Compatibility level of the output's subject.
   * @default Compatibility.BACKWARD
   */
  readonly compatibility?: Compatibility;
  /**
   * Directory of the subject's committed previous versions (`v1.avsc`, `v2.avsc`, …).
   * @default - `schemas/<subject>` relative to the directory synth runs in
   */
  readonly schemaHistoryDirectory?: string;
}

/** Props of `Stream.latestByKey()`. */
export interface LatestByKeyStreamProps extends StreamSourceProps {
  /** The key: the latest row per key is kept (and is the output topic's primary key). */
  readonly key: string[];
  /**
   * Output columns.
   * @default - every column of `columns`
   */
  readonly outputColumns?: string[];
}

/** Props of `Stream.windowAggregate()`. */
export interface WindowAggregateStreamProps extends StreamSourceProps {
  /** `WindowSpec.tumble(size)` or `WindowSpec.hop(slide, size)`. */
  readonly window: WindowSpec;
  /**
   * Grouping columns.
   * @default - none (one row per window)
   */
  readonly groupBy?: string[];
  /** The aggregates (`COUNT`, `SUM`, …) per window and group. */
  readonly aggregates: AggregateDefinition[];
}

/** Which stateful pattern a stream runs. */
export enum StreamKind {
  /** Deduplicate: the latest row per key, into an upsert (compacted) topic. */
  LATEST_BY_KEY = 'latest-by-key',
  /** Windowed aggregates (tumble/hop), into an append-only topic. */
  WINDOW_AGGREGATE = 'window-aggregate',
}

/**
 * A derived stream of a pipeline: what it reads, the stateful SQL it runs and the gate in front of
 * its output. `RealtimePipeline.addStream()` turns it into an output topic, a dead-letter topic and
 * a Flink SQL job.
 */
export class Stream {
  /** Keep the latest row per key (e.g. `orders_latest`). */
  public static latestByKey(props: LatestByKeyStreamProps): Stream {
    checkSource('Stream.latestByKey', props);
    if (!Array.isArray(props.key) || props.key.length === 0) {
      throw new ValidationError({ path: 'Stream.latestByKey', setting: 'key', limit: 'a non-empty list of columns', value: JSON.stringify(props.key) });
    }
    return new Stream(StreamKind.LATEST_BY_KEY, props, props.key, props.outputColumns);
  }

  /** Windowed business metrics (TUMBLE / HOP). */
  public static windowAggregate(props: WindowAggregateStreamProps): Stream {
    checkSource('Stream.windowAggregate', props);
    requireInstance('Stream.windowAggregate', 'window', props.window, WindowSpec, 'a WindowSpec (WindowSpec.tumble(size) or WindowSpec.hop(slide, size))', { required: true });
    return new Stream(StreamKind.WINDOW_AGGREGATE, props, [], undefined, props.window, props.groupBy ?? [], props.aggregates);
  }

  /** The pattern. */
  public readonly kind: StreamKind;
  /** The captured table read. */
  public readonly from: CdcTable;
  /** Columns read. */
  public readonly columns: ColumnDefinition[];
  /** Event-time column. */
  public readonly eventTime: string;
  /** Watermark delay. */
  public readonly watermarkDelay: Duration;
  /** Quality gate. */
  public readonly expectations: Expectation[];
  /** Key (latest-by-key). */
  public readonly key: string[];
  /** @internal */
  public readonly _props: StreamSourceProps;
  /** @internal */
  public readonly _outputColumns?: string[];
  /** @internal */
  public readonly _window?: WindowSpec;
  /** @internal */
  public readonly _groupBy: string[];
  /** @internal */
  public readonly _aggregates: AggregateDefinition[];

  private constructor(
    kind: StreamKind,
    props: StreamSourceProps,
    key: string[],
    outputColumns?: string[],
    window?: WindowSpec,
    groupBy: string[] = [],
    aggregates: AggregateDefinition[] = [],
  ) {
    this.kind = kind;
    this.from = props.from;
    this.columns = [...props.columns];
    this.eventTime = props.eventTime;
    this.watermarkDelay = props.watermarkDelay ?? FlinkTable.DEFAULT_WATERMARK_DELAY;
    this.expectations = [...(props.expectations ?? [])];
    this.key = [...key];
    this._props = props;
    this._outputColumns = outputColumns;
    this._window = window;
    this._groupBy = groupBy;
    this._aggregates = aggregates;
  }
}

function checkSource(path: string, props: StreamSourceProps) {
  if (!(props?.from instanceof CdcTable)) {
    throw new ValidationError({ path, setting: 'from', limit: "a captured table (source.table('db.table'))", value: String(props?.from) });
  }
  if (!Array.isArray(props.columns) || props.columns.length === 0) {
    throw new ValidationError({ path, setting: 'columns', limit: 'a non-empty list of ColumnDefinition', value: JSON.stringify(props.columns) });
  }
  if (typeof props.eventTime !== 'string' || !props.columns.some((c) => c.name === props.eventTime)) {
    throw new ValidationError({
      path,
      setting: 'eventTime',
      limit: `one of the columns (${props.columns.map((c) => c.name).join(', ')})`,
      value: JSON.stringify(props.eventTime),
    });
  }
  const duration = 'a Duration (Duration.seconds(5), Duration.days(2), …)';
  requireInstance(path, 'watermarkDelay', props.watermarkDelay, Duration, duration);
  requireInstance(path, 'retention', props.retention, Duration, duration);
  requireInstance(path, 'checkpointInterval', props.checkpointInterval, Duration, duration);
  requireInstances(path, 'expectations', props.expectations, Expectation, 'an Expectation (Expectation.notNull(column), …)');
  requireInstance(path, 'schema', props.schema, SchemaDefinition, 'a SchemaDefinition (SchemaDefinition.avro(…), …)');
  requireEnumValue(path, 'compatibility', props.compatibility, Compatibility, 'Compatibility');
}
