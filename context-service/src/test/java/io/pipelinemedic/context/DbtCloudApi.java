package io.pipelinemedic.context;

import io.pipelinemedic.stack.demo.ExampleDbtCloud;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/**
 * The dbt Cloud Administrative API for context-service's tests: the example account's local server
 * ({@link ExampleDbtCloud}), one per JVM, shared by the test classes.
 */
public final class DbtCloudApi implements QuarkusTestResourceLifecycleManager {

  static final String TOKEN = "test-dbt-cloud-token";

  private static ExampleDbtCloud server;

  @Override
  public Map<String, String> start() {
    return Map.of("medic.context.dbt-cloud.base-url", server().baseUrl());
  }

  @Override
  public void stop() {
    // shared by the test classes of the JVM
  }

  static synchronized ExampleDbtCloud server() {
    if (server == null) {
      try {
        server = new ExampleDbtCloud(TOKEN);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return server;
  }
}
