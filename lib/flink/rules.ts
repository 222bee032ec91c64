import { UpgradeMode } from './flink-settings';
import { FlinkSqlJob } from './flink-sql-job';
import { DeliveryGuarantee } from './flink-table';
import { FlinkTargetKind } from './flink-target-options';
import { Duration } from '../core/duration';
import { ruleFor } from '../core/private/define-rule';
import { IRule, RuleLevel, RuleResult } from '../core/rules';

/** Checkpoint intervals above this make recovery replay and exactly-once latency large. */
export const MAX_CHECKPOINT_INTERVAL = Duration.minutes(10);

const rule = ruleFor((n): n is FlinkSqlJob => FlinkSqlJob.isFlinkSqlJob(n));

/** Rules for Flink SQL jobs (`RP-FLINK-*`). */
export const FLINK_RULES: IRule[] = [
  rule(
    'RP-FLINK-1',
    RuleLevel.ERROR,
    'An exactly-once sink needs checkpointing.',
    'Flink commits the Kafka transactions of an exactly-once sink when a checkpoint completes. Without checkpointing '
      + 'nothing is ever committed: read_committed consumers see no rows at all, and the open transactions time out.',
    'Set checkpointing: Checkpointing.every(Duration.seconds(10)), or make the sink at-least-once.',
    (job) => {
      const eo = job.model.sinks.filter((s) => s.deliveryGuarantee === DeliveryGuarantee.EXACTLY_ONCE);
      if (eo.length === 0) return RuleResult.notApplicable();
      if (!job.model.checkpointingEnabled) {
        return RuleResult.nonCompliant(`sink ${eo[0].tableName} is exactly-once but checkpointing is disabled`);
      }
      return RuleResult.compliant();
    },
  ),
  rule(
    'RP-FLINK-2',
    RuleLevel.ERROR,
    'An upsert sink declares a primary key.',
    'upsert-kafka writes the primary key as the Kafka record key; without one, Flink refuses the table at submission, '
      + 'after the deployment has already rolled out.',
    'Add PRIMARY KEY (…) NOT ENFORCED to the hand-written DDL, or use FlinkTable.upsertSink({ primaryKey }).',
    (job) => {
      const upserts = job.model.sinks.filter((s) => s.connector === 'upsert-kafka');
      if (upserts.length === 0) return RuleResult.notApplicable();
      const bad = upserts.find((s) => s.primaryKey.length === 0);
      return bad ? RuleResult.nonCompliant(`upsert sink ${bad.tableName} has no PRIMARY KEY`) : RuleResult.compliant();
    },
  ),
  rule(
    'RP-FLINK-3',
    RuleLevel.WARNING,
    'A source feeding a stateful operator has an event time with a watermark.',
    'Without a watermark, deduplication and joins order by processing arrival and keep state forever (no time '
      + 'attribute to expire it); windows cannot be used at all. Late or replayed CDC events then win over newer ones.',
    'Set eventTime and watermarkDelay on the source table.',
    (job) => {
      const stateful = job.model.sources.filter((s) => s.feedsStatefulOperator);
      if (stateful.length === 0) return RuleResult.notApplicable();
      const bad = stateful.find((s) => !s.hasWatermark);
      return bad ? RuleResult.nonCompliant(`source ${bad.tableName} has no watermark`) : RuleResult.compliant();
    },
  ),
  rule(
    'RP-FLINK-4',
    RuleLevel.ERROR,
    'The watermark delay is smaller than the freshness threshold the job serves.',
    'Window results are emitted only after the watermark passes: a watermark delay at or above the freshness '
      + 'threshold makes every row stale before it can be written. (Latest-by-key emits each change at once and pays no '
      + 'watermark wait. Inside a RealtimePipeline, the freshness budget makes this check and more: window size, '
      + 'checkpoint interval, client batching.)',
    'Lower watermarkDelay on the source table (or relax the freshness threshold).',
    (job) => {
      const waiting = new Set(job.model.sources.filter((s) => s.emitsOnWatermark).map((s) => s.tableName));
      const relevant = job.model.watermarks.filter((w) => waiting.has(w.tableName));
      if (!job.model.freshnessThreshold || relevant.length === 0) return RuleResult.notApplicable();
      const bad = relevant.find((w) => w.delay.compareTo(job.model.freshnessThreshold!) >= 0);
      return bad
        ? RuleResult.nonCompliant(`watermark delay of ${bad.tableName}.${bad.column} is ${bad.delay.toHumanString()}, freshness threshold ${job.model.freshnessThreshold.toHumanString()}`)
        : RuleResult.compliant();
    },
  ),
  rule(
    'RP-FLINK-5',
    RuleLevel.ERROR,
    'A quality-gated stream routes its rejects to a dead-letter topic.',
    'Without a dead-letter topic, rows that fail an expectation are silently dropped: nobody can count, inspect or replay them.',
    'Set deadLetterTopicName on the job.',
    (job) => {
      if (job.model.expectations.length === 0) return RuleResult.notApplicable();
      return job.model.deadLetterTopicName ? RuleResult.compliant() : RuleResult.nonCompliant(`${job.model.expectations.length} expectation(s) but no dead-letter topic`);
    },
  ),
  rule(
    'RP-FLINK-6',
    RuleLevel.WARNING,
    `The checkpoint interval is at most ${MAX_CHECKPOINT_INTERVAL.toHumanString()}.`,
    'A failure replays everything since the last checkpoint, and exactly-once sinks publish only on checkpoints: '
      + 'a long interval means long recoveries and stale output.',
    'Checkpoint every 10 s to 1 min.',
    (job) => {
      if (!job.model.checkpointInterval) return RuleResult.notApplicable();
      return job.model.checkpointInterval.compareTo(MAX_CHECKPOINT_INTERVAL) > 0
        ? RuleResult.nonCompliant(`checkpoint interval is ${job.model.checkpointInterval.toHumanString()}`)
        : RuleResult.compliant();
    },
  ),
  rule(
    'RP-FLINK-7',
    RuleLevel.ERROR,
    'A stateful job is not upgraded statelessly in production.',
    'upgradeMode stateless restarts from empty state: a dedup forgets every key (and re-emits or loses rows), a '
      + 'window loses its partial aggregates. The operator does not warn.',
    'Use UpgradeMode.SAVEPOINT (default) or LAST_STATE.',
    (job, context) => {
      if (!context.production || !job.model.stateful || job.model.targetKind !== FlinkTargetKind.KUBERNETES) return RuleResult.notApplicable();
      return job.model.upgradeMode === UpgradeMode.STATELESS
        ? RuleResult.nonCompliant('upgradeMode is stateless on a stateful job')
        : RuleResult.compliant();
    },
  ),
  rule(
    'RP-FLINK-8',
    RuleLevel.ERROR,
    'A Kubernetes job in production runs an image with the SQL runner and the Kafka connectors.',
    'Without an image, a FlinkDeployment gets the upstream flink:<version> image, which has neither the SQL runner '
      + 'jar the job starts (local:///opt/flink/usrlib/sql-runner.jar) nor the Kafka connector and formats its tables '
      + 'use: the job manager fails with ClassNotFoundException after the rollout.',
    'Build the image from the Dockerfile in docs/rehearsal.md ("The Flink image") and pass kubernetes.flinkImage (or FlinkTarget.kubernetes({ image })).',
    (job, context) => {
      if (!context.production || job.model.targetKind !== FlinkTargetKind.KUBERNETES || !job.deployment) return RuleResult.notApplicable();
      const image = String(job.deployment.manifest?.spec?.image ?? '');
      return UPSTREAM_FLINK_IMAGE.test(image)
        ? RuleResult.nonCompliant(`image ${image} is the upstream Flink image (no SQL runner, no Kafka connector)`)
        : RuleResult.compliant();
    },
  ),
];

/** The upstream image (`flink:<tag>`, `docker.io/library/flink:<tag>`, `apache/flink:<tag>`). */
const UPSTREAM_FLINK_IMAGE = /^(?:(?:docker\.io\/)?library\/|(?:docker\.io\/)?apache\/)?flink(?::[^/]*)?$/;
