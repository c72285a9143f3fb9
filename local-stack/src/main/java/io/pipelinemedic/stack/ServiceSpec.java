package io.pipelinemedic.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Pipeline Medic service as the local stack runs it.
 *
 * @param name service name, also its consumer group and log file name
 * @param jar the Quarkus {@code quarkus-run.jar}
 * @param port HTTP port
 * @param secrets names of the {@link Secrets} it receives
 * @param environment settings of this service only
 */
public record ServiceSpec(
    String name, Path jar, int port, List<String> secrets, Map<String, String> environment) {

  /** Base URL of the service's HTTP interface. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }
}
