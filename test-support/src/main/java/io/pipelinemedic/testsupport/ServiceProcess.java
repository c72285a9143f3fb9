package io.pipelinemedic.testsupport;

import io.pipelinemedic.stack.Readiness;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A packaged service ({@code quarkus-run.jar}) run as its own process against the test broker and
 * database, for tests that kill it and start it again.
 */
public final class ServiceProcess {

  private ServiceProcess() {}

  /**
   * Starts {@code jar} on {@code port} with the test broker, the test database and {@code env}
   * (which may override either), logging to {@code log}, and waits until {@code healthPath} answers
   * 200.
   */
  public static Process start(
      Path jar, int port, Map<String, String> env, Path log, String healthPath)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> environment = new HashMap<>();
    environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    environment.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers());
    environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", PostgresServer.reactiveUrl());
    environment.put("QUARKUS_DATASOURCE_JDBC_URL", PostgresServer.jdbcUrl());
    environment.put("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER);
    environment.put("QUARKUS_DATASOURCE_PASSWORD", PostgresServer.USER);
    environment.putAll(env);
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      Readiness.await(
          process,
          URI.create("http://127.0.0.1:" + port + healthPath),
          Duration.ofSeconds(60),
          log);
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
    return process;
  }

  /** A port no one listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
