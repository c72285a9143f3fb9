package io.pipelinemedic.ingest;

import static io.pipelinemedic.ingest.Deliveries.dbtCloud;
import static io.pipelinemedic.ingest.Deliveries.newRunId;
import static io.pipelinemedic.ingest.Deliveries.recordsOfRun;
import static io.pipelinemedic.ingest.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.testsupport.KafkaBroker;
import io.pipelinemedic.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged service, killed and started again, still publishes a run exactly once. */
class IngestRestartIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theSameDeliveryBeforeAndAfterACrashOfTheServiceYieldsOneRecord() throws Exception {
    String runId = newRunId();
    String body = dbtCloud("dbt-cloud-completed", runId);
    int port = ServiceProcess.freePort();

    Process first = start(port);
    List<String> statuses;
    try {
      statuses = new ArrayList<>(deliver(port, body, 20));
    } finally {
      first.destroyForcibly().waitFor(); // the crash
    }
    Process second = start(port);
    try {
      statuses.addAll(deliver(port, body, 20));
    } finally {
      second.destroy();
      second.waitFor();
    }

    assertThat(statuses).hasSize(40);
    assertThat(statuses.get(0)).isEqualTo("202 accepted");
    assertThat(statuses.subList(1, 40)).containsOnly("202 duplicate");
    assertThat(recordsOfRun(runId)).hasSize(1);
  }

  @Test
  void aDeliveryThatCannotBePublishedIs503AndItsRetryPublishesOnceTheBrokerIsBack()
      throws Exception {
    String runId = newRunId();
    String body = dbtCloud("dbt-cloud-completed", runId);
    int port = ServiceProcess.freePort();

    Process withoutBroker = start(port, "127.0.0.1:" + ServiceProcess.freePort(), "/q/health/live");
    List<String> first;
    try {
      first = deliver(port, body, 1);
    } finally {
      withoutBroker.destroy();
      withoutBroker.waitFor();
    }
    Process withBroker = start(port);
    List<String> retry;
    try {
      retry = deliver(port, body, 1);
    } finally {
      withBroker.destroy();
      withBroker.waitFor();
    }

    assertThat(first).containsExactly("503 unavailable");
    assertThat(retry).as("the failed claim was rolled back").containsExactly("202 accepted");
    assertThat(recordsOfRun(runId)).hasSize(1);
  }

  private static Process start(int port) throws IOException, InterruptedException {
    return start(port, KafkaBroker.bootstrapServers(), "/q/health/ready");
  }

  private static Process start(int port, String kafka, String health)
      throws IOException, InterruptedException {
    return ServiceProcess.start(
        Path.of(System.getProperty("ingest.jar")),
        port,
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            kafka,
            "MEDIC_ARTIFACTS_DIR",
            Path.of("target/it-artifacts").toAbsolutePath().toString(),
            "MEDIC_INGEST_DBT_CLOUD_SECRET",
            Deliveries.DBT_CLOUD_SECRET,
            "MEDIC_INGEST_AIRFLOW_SECRET",
            Deliveries.AIRFLOW_SECRET,
            "MEDIC_INGEST_RUNS_TOKEN",
            Deliveries.RUNS_TOKEN),
        Path.of("target/ingest-restart-it.log"),
        health);
  }

  private static List<String> deliver(int port, String body, int times) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/dbt-cloud"))
            .header("Authorization", sign(Deliveries.DBT_CLOUD_SECRET, body))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(15))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    List<String> statuses = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      String status = response.body().replaceAll(".*\"status\":\"([a-z]+)\".*", "$1");
      statuses.add(response.statusCode() + " " + status);
    }
    return statuses;
  }
}
