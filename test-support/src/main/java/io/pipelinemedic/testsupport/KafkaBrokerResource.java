package io.pipelinemedic.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test at the real {@link KafkaBroker}. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
  }

  @Override
  public void stop() {
    // the broker is shared by every test class of the JVM and stops with it
  }
}
