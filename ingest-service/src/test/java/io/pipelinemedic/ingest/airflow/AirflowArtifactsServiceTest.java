package io.pipelinemedic.ingest.airflow;

import static io.pipelinemedic.ingest.Deliveries.airflow;
import static io.pipelinemedic.ingest.Deliveries.newRunId;
import static io.pipelinemedic.ingest.Deliveries.recordsOfRun;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pipelinemedic.ingest.Deliveries;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.service.ArtifactStore;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The multipart Airflow alert {@code MedicNotifier} sends, on the real broker and PostgreSQL: the
 * signature over the whole body before any part is read, the artifacts moved into the artifact
 * store and named on run.failed, a retried task one incident, the reason when none came, and bodies
 * that are not the expected parts refused with why.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class AirflowArtifactsServiceTest {

  private static final String RUN_RESULTS = Deliveries.resource("artifacts/run_results.json");

  /** A manifest past the JSON webhooks' 1 MiB limit, as a real project's is. */
  private static final String MANIFEST =
      Deliveries.resource("artifacts/manifest.json").replaceFirst("\\{", "{" + " ".repeat(2 << 20));

  @Test
  void theArtifactsComeWithTheAlertIntoTheStoreAndARetriedTaskIsOneIncident() throws Exception {
    String runId = "scheduled__" + newRunId();
    Map<String, String> parts = alertWithArtifacts(airflow(runId, "scheduled"));

    String incident =
        post(parts, Deliveries.AIRFLOW_SECRET)
            .then()
            .statusCode(202)
            .body("status", equalTo("accepted"))
            .extract()
            .path("incidentId");
    // the task's next try fails too: the same DAG run and task, the same incident
    String nextTry = airflow(runId, "scheduled").replace("\"try_number\": 3", "\"try_number\": 4");
    assertThat(nextTry).contains("\"try_number\": 4");
    post(alertWithArtifacts(nextTry), Deliveries.AIRFLOW_SECRET)
        .then()
        .statusCode(202)
        .body("status", equalTo("duplicate"))
        .body("incidentId", equalTo(incident));

    List<RunFailed> events = recordsOfRun(runId).stream().map(Deliveries::event).toList();
    assertThat(events).hasSize(1);
    RunFailed event = events.get(0);
    assertThat(event.artifactLocation()).isNull();
    Map<String, ArtifactRef> artifacts =
        event.artifacts().stream().collect(Collectors.toMap(ArtifactRef::name, a -> a));
    assertThat(artifacts).containsOnlyKeys("manifest.json", "run_results.json");
    assertThat(Files.readString(ArtifactStore.file(artifacts.get("run_results.json"))))
        .isEqualTo(RUN_RESULTS);
    assertThat(ArtifactStore.file(artifacts.get("manifest.json")).toString()).contains(incident);
    assertThat(Files.size(ArtifactStore.file(artifacts.get("manifest.json"))))
        .isEqualTo(MANIFEST.getBytes(StandardCharsets.UTF_8).length);
    assertThat(event.airflow().artifactsMissing()).isNull();
  }

  @Test
  void aWrongSignatureIsRefusedBeforeAnyPartIsRead() {
    String runId = "scheduled__" + newRunId();

    post(alertWithArtifacts(airflow(runId, "scheduled")), "not-the-secret")
        .then()
        .statusCode(401)
        .body("reason", equalTo("signature does not match the body"));
    // a body that is no multipart at all: the signature is what is refused, not the parts
    given()
        .header("Authorization", Deliveries.sign("not-the-secret", "garbage"))
        .contentType("multipart/form-data; boundary=x")
        .body("garbage".getBytes(StandardCharsets.UTF_8))
        .post("/webhooks/airflow")
        .then()
        .statusCode(401);
    // other webhooks keep the 1 MiB limit whatever type they claim
    given()
        .header("Authorization", "x")
        .contentType("multipart/form-data; boundary=x")
        .body(new byte[(1 << 20) + 1])
        .post("/webhooks/dbt-cloud")
        .then()
        .statusCode(413);
    given()
        .contentType("multipart/form-data; boundary=x")
        .body("--x--\r\n".getBytes(StandardCharsets.UTF_8))
        .post("/webhooks/airflow")
        .then()
        .statusCode(401)
        .body("reason", containsString("missing signature"));

    assertThat(recordsOfRun(runId)).isEmpty();
  }

  @Test
  void withoutTheArtifactsTheAlertSaysWhy() {
    String runId = "scheduled__" + newRunId();
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("alert", airflow(runId, "scheduled"));
    parts.put("artifacts_missing", "no run_results.json and manifest.json in /opt/dbt/target");

    post(parts, Deliveries.AIRFLOW_SECRET).then().statusCode(202);

    RunFailed event = Deliveries.event(recordsOfRun(runId).get(0));
    assertThat(event.artifacts()).isEmpty();
    assertThat(event.airflow().artifactsMissing())
        .isEqualTo("no run_results.json and manifest.json in /opt/dbt/target");
  }

  @Test
  void partsThatAreNotTheAlertsAreRefusedWithWhy() {
    String runId = "scheduled__" + newRunId();
    String alert = airflow(runId, "scheduled");

    post(Map.of("alert", alert, "run_results:file", RUN_RESULTS), Deliveries.AIRFLOW_SECRET)
        .then()
        .statusCode(400)
        .body("reason", equalTo("run_results and manifest come together, or not at all"));
    post(Map.of("alert", alert), Deliveries.AIRFLOW_SECRET)
        .then()
        .statusCode(400)
        .body("reason", containsString("nor artifacts_missing came"));
    post(Map.of("alert", alert, "secrets:file", "x"), Deliveries.AIRFLOW_SECRET)
        .then()
        .statusCode(400)
        .body("reason", containsString("unexpected part secrets"));
    post(Map.of("run_results:file", RUN_RESULTS), Deliveries.AIRFLOW_SECRET)
        .then()
        .statusCode(400)
        .body("reason", equalTo("missing part alert"));

    assertThat(recordsOfRun(runId)).isEmpty();
  }

  private static Map<String, String> alertWithArtifacts(String alert) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("alert", alert);
    parts.put("run_results:file", RUN_RESULTS);
    parts.put("manifest:file", MANIFEST);
    return parts;
  }

  /**
   * POSTs {@code parts} (a name ending {@code :file} is a file part) signed with {@code secret}.
   */
  private static Response post(Map<String, String> parts, String secret) {
    String boundary = "medic-test-" + newRunId();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    parts.forEach(
        (key, value) -> {
          boolean file = key.endsWith(":file");
          String name = file ? key.substring(0, key.length() - ":file".length()) : key;
          String header =
              "--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + name
                  + "\""
                  + (file ? "; filename=\"" + name + ".json\"" : "")
                  + "\r\nContent-Type: "
                  + (file ? "application/json" : "text/plain")
                  + "\r\n\r\n";
          body.writeBytes(header.getBytes(StandardCharsets.UTF_8));
          body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
          body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    String raw = body.toString(StandardCharsets.UTF_8);
    return given()
        .header("Authorization", Deliveries.sign(secret, raw))
        .contentType("multipart/form-data; boundary=" + boundary)
        .body(body.toByteArray())
        .post("/webhooks/airflow");
  }
}
