package dev.realtimepipeline.sqlrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfFileTest {
  @Test
  void readsFlatAndNestedYaml() {
    Map<String, String> c = ConfFile.parseYaml(Arrays.asList(
        "# comment",
        "execution.checkpointing.interval: \"10 s\"",
        "execution.checkpointing.dir: \"file:///tmp/a b/cp\"",
        "pipeline.name: 'it''s'",
        "state.backend.type: rocksdb # trailing comment",
        "metrics:",
        "  reporter:",
        "    prom:",
        "      port: 9250",
        "      factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
        "parallelism.default: 2",
        "escaped: \"a\\\"b\\\\c\\u0041\""), "test");
    Map<String, String> want = new LinkedHashMap<>();
    want.put("execution.checkpointing.interval", "10 s");
    want.put("execution.checkpointing.dir", "file:///tmp/a b/cp");
    want.put("pipeline.name", "it's");
    want.put("state.backend.type", "rocksdb");
    want.put("metrics.reporter.prom.port", "9250");
    want.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    want.put("parallelism.default", "2");
    want.put("escaped", "a\"b\\cA");
    assertEquals(want, c);
  }
}
