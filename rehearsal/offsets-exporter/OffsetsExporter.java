import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Topic and consumer-group offsets in kafka_exporter's series names, for the rehearsal.
 *
 * <p>The library's SLIs and alerts read kafka_exporter (github.com/danielqsj/kafka_exporter), which
 * Strimzi deploys with {@code spec.kafkaExporter}. That module is not served by the Go module proxy
 * the rehearsal builds from, so this exporter publishes the series the rules read, computed the
 * same way from the same broker answers: {@code kafka_topic_partitions},
 * {@code kafka_topic_partition_current_offset} (the partition's latest offset),
 * {@code kafka_topic_partition_oldest_offset}, {@code kafka_consumergroup_current_offset} (the
 * group's committed offset) and {@code kafka_consumergroup_lag} (latest minus committed), with
 * kafka_exporter's labels ({@code topic}, {@code partition}, {@code consumergroup}).
 *
 * <p>Run: {@code java -cp "<kafka libs>/*" OffsetsExporter.java BOOTSTRAP PORT}.
 */
public final class OffsetsExporter {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    Admin admin = Admin.create(props);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body;
      int status = 200;
      try {
        body = scrape(admin).getBytes(StandardCharsets.UTF_8);
      } catch (Exception e) {
        status = 500;
        body = ("scrape failed: " + e).getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("offsets exporter on 127.0.0.1:" + args[1] + " for " + args[0]);
  }

  private static String scrape(Admin admin) throws Exception {
    Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
    Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (TopicDescription d : descriptions.values()) {
      d.partitions().forEach(p -> {
        TopicPartition tp = new TopicPartition(d.name(), p.partition());
        latest.put(tp, OffsetSpec.latest());
        earliest.put(tp, OffsetSpec.earliest());
      });
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
    StringBuilder out = new StringBuilder();
    out.append("# HELP kafka_topic_partitions Number of partitions for this Topic\n# TYPE kafka_topic_partitions gauge\n");
    for (TopicDescription d : new TreeMap<>(descriptions).values()) {
      out.append("kafka_topic_partitions{topic=\"").append(esc(d.name())).append("\"} ").append(d.partitions().size()).append('\n');
    }
    gauge(out, "kafka_topic_partition_current_offset", "Current Offset of a Broker at Topic/Partition", end);
    gauge(out, "kafka_topic_partition_oldest_offset", "Oldest Offset of a Broker at Topic/Partition", start);
    out.append("# HELP kafka_consumergroup_current_offset Current Offset of a ConsumerGroup at Topic/Partition\n# TYPE kafka_consumergroup_current_offset gauge\n");
    StringBuilder lag = new StringBuilder("# HELP kafka_consumergroup_lag Current Approximate Lag of a ConsumerGroup at Topic/Partition\n# TYPE kafka_consumergroup_lag gauge\n");
    Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS);
    List<String> ids = new ArrayList<>();
    for (ConsumerGroupListing g : groups) ids.add(g.groupId());
    ids.sort(String::compareTo);
    for (String id : ids) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : new TreeMap<TopicPartition, OffsetAndMetadata>((a, b) -> a.toString().compareTo(b.toString())) {{ putAll(committed); }}.entrySet()) {
        if (e.getValue() == null) continue;
        String labels = "{consumergroup=\"" + esc(id) + "\",partition=\"" + e.getKey().partition() + "\",topic=\"" + esc(e.getKey().topic()) + "\"}";
        out.append("kafka_consumergroup_current_offset").append(labels).append(' ').append(e.getValue().offset()).append('\n');
        ListOffsetsResult.ListOffsetsResultInfo high = end.get(e.getKey());
        if (high != null) lag.append("kafka_consumergroup_lag").append(labels).append(' ').append(high.offset() - e.getValue().offset()).append('\n');
      }
    }
    return out.append(lag).toString();
  }

  private static void gauge(StringBuilder out, String name, String help, Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets) {
    out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n");
    Map<String, Long> sorted = new TreeMap<>();
    offsets.forEach((tp, info) -> sorted.put("{partition=\"" + tp.partition() + "\",topic=\"" + esc(tp.topic()) + "\"}", info.offset()));
    sorted.forEach((labels, v) -> out.append(name).append(labels).append(' ').append(v).append('\n'));
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
