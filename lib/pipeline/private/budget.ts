import { Duration } from '../../core/duration';
import { DeliveryGuarantee } from '../../flink/flink-table';
import type { FreshnessHop } from '../freshness-budget';
import type { PipelineStream } from '../pipeline-stream';
import { StreamKind } from '../stream';

/** Kafka clients' `linger.ms` default since Kafka 4.0 (it was 0 before): the worst case of the two. */
const PRODUCER_LINGER = Duration.millis(5);
/** Kafka consumer `fetch.max.wait.ms` default: a quiet partition answers a fetch after this long. */
const FETCH_MAX_WAIT = Duration.millis(500);
/** Debezium `poll.interval.ms` default. */
const DEBEZIUM_POLL = Duration.millis(500);

function ms(config: Record<string, string>, key: string, fallback: Duration): Duration {
  const v = config[key];
  return v !== undefined && /^\d+$/.test(v) ? Duration.millis(Number(v)) : fallback;
}

/**
 * The worst-case delay each hop of a stream adds by configuration, in data-flow order. Loads,
 * pauses and failovers come on top; this is the floor no hardware can beat.
 */
export function freshnessHops(s: PipelineStream): FreshnessHop[] {
  const connector = s.stream.from.connector;
  const config = connector.model.config;
  const job = s.job;
  const hops: FreshnessHop[] = [
    { stage: `CDC ${connector.connectorName}`, setting: 'poll.interval.ms (Debezium batch wait)', delay: ms(config, 'poll.interval.ms', DEBEZIUM_POLL) },
    {
      stage: `CDC ${connector.connectorName}`,
      setting: 'producer linger.ms (Kafka Connect producer batching)',
      delay: ms(config, 'producer.override.linger.ms', PRODUCER_LINGER),
    },
    { stage: `Flink ${job.jobName} source`, setting: 'fetch.max.wait.ms (Kafka consumer)', delay: FETCH_MAX_WAIT },
  ];
  if (s.stream.kind === StreamKind.WINDOW_AGGREGATE) {
    // A window's result is emitted when the watermark passes its end: the window's length plus the
    // allowed lateness. (Latest-by-key on event time emits each update at once: no watermark wait.)
    hops.push({ stage: `Flink ${job.jobName}`, setting: 'watermark delay (window emitted after watermark)', delay: s.stream.watermarkDelay });
    hops.push({ stage: `Flink ${job.jobName}`, setting: 'window size (result at window end)', delay: windowSize(s) });
  }
  const exactlyOnceOutput = job.model.sinks.some((k) => k.topicName === s.topic.topicName && k.deliveryGuarantee === DeliveryGuarantee.EXACTLY_ONCE);
  if (job.model.exactlyOnce && exactlyOnceOutput && job.model.checkpointInterval) {
    hops.push({
      stage: `Flink ${job.jobName} sink`,
      setting: 'checkpoint interval (exactly-once sink: read_committed consumers see rows after the checkpoint)',
      delay: job.model.checkpointInterval,
    });
  }
  return hops;
}

function windowSize(s: PipelineStream): Duration {
  return s.stream._window!.size;
}
