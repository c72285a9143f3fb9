package io.pipelinemedic.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a Quarkus test's reactive and JDBC (migration) datasources at the real {@link
 * PostgresServer}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of(
        "quarkus.datasource.reactive.url",
        PostgresServer.reactiveUrl(),
        "quarkus.datasource.jdbc.url",
        PostgresServer.jdbcUrl(),
        "quarkus.datasource.username",
        PostgresServer.USER,
        "quarkus.datasource.password",
        PostgresServer.USER);
  }

  @Override
  public void stop() {
    // the server is shared by every test class of the JVM and stops with it
  }
}
