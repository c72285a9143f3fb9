package io.pipelinemedic.ingest.upload;

import static io.pipelinemedic.ingest.Deliveries.eventsKeyed;
import static io.pipelinemedic.ingest.Deliveries.fill;
import static io.pipelinemedic.ingest.Deliveries.recordsOfRun;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pipelinemedic.ingest.Deliveries;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * dbt Core uploads to /runs on the real broker and PostgreSQL: a failed run is published once with
 * its artifacts in the store; a run without failures is one run.passed when its job was failing and
 * ignored otherwise; a wrong token, a missing manifest or run results that are not JSON are refused
 * before anything is published.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class RunUploadServiceTest {

  @Test
  void aFailedRunIsPublishedOnceWithItsArtifactsInTheStore() throws Exception {
    String invocation = UUID.randomUUID().toString();
    String runResults = artifact("run_results.json", invocation);
    String manifest = artifact("manifest.json", invocation);

    String incident =
        upload(runResults, manifest, Deliveries.RUNS_TOKEN)
            .then()
            .statusCode(202)
            .body("status", equalTo("accepted"))
            .extract()
            .path("incidentId");
    upload(runResults, manifest, Deliveries.RUNS_TOKEN)
        .then()
        .statusCode(202)
        .body("status", equalTo("duplicate"))
        .body("incidentId", equalTo(incident));

    List<ConsumerRecord<String, byte[]>> records = recordsOfRun(invocation);
    assertThat(records).hasSize(1);
    RunFailed event = Deliveries.event(records.get(0));
    assertThat(event.source()).isEqualTo(RunSource.DBT_CORE);
    assertThat(event.run().accountId()).isEqualTo("shop");
    assertThat(event.run().environmentName()).isEqualTo("prod");
    assertThat(event.run().gitSha()).isEqualTo("9c1e4b7d2a0f3e6b8c5d1a2f4e7b9c0d3a6f8e21");
    assertThat(event.run().dbtVersion()).isEqualTo("1.10.15");
    assertThat(event.run().statusMessage()).isEqualTo("1 of 3 nodes failed or errored");
    assertThat(event.artifacts())
        .extracting(ArtifactRef::name)
        .containsExactly("run_results.json", "manifest.json");
    Map<String, String> uploaded =
        Map.of("run_results.json", runResults, "manifest.json", manifest);
    for (ArtifactRef artifact : event.artifacts()) {
      Path stored = Path.of(URI.create(artifact.uri()));
      assertThat(stored).startsWith(Path.of("target/artifacts", incident).toAbsolutePath());
      assertThat(Files.readString(stored)).isEqualTo(uploaded.get(artifact.name()));
      assertThat(artifact.sizeBytes()).isEqualTo(Files.size(stored));
    }
  }

  @Test
  void aRunWithoutFailuresIsIgnoredUnlessItsJobWasFailingThenItIsOneRunPassed() {
    String job = "nightly-" + UUID.randomUUID();
    String passing = UUID.randomUUID().toString();
    String failing = UUID.randomUUID().toString();

    upload(passed(passing), artifact("manifest.json", passing), Deliveries.RUNS_TOKEN, job)
        .then()
        .statusCode(200)
        .body("status", equalTo("ignored"))
        .body("reason", containsString("no failed run since it last passed"));
    upload(
            artifact("run_results.json", failing),
            artifact("manifest.json", failing),
            Deliveries.RUNS_TOKEN,
            job)
        .then()
        .statusCode(202);
    String later = UUID.randomUUID().toString();
    upload(passed(later), artifact("manifest.json", later), Deliveries.RUNS_TOKEN, job)
        .then()
        .statusCode(202)
        .body("status", equalTo("passed"));

    List<RunPassed> events =
        eventsKeyed(Topics.RUN_PASSED, "DBT_CORE:shop:prod:" + job, RunPassed.class);
    assertThat(events).extracting(e -> e.run().runId()).containsExactly(later);
    assertThat(events.get(0).run().statusMessage()).isEqualTo("3 nodes passed");
    assertThat(recordsOfRun(passing)).isEmpty();
    assertThat(recordsOfRun(later)).isEmpty();
  }

  private static String passed(String invocation) {
    return artifact("run_results_passed.json", invocation);
  }

  @Test
  void aWrongTokenIs401AndNothingIsRead() {
    String invocation = UUID.randomUUID().toString();

    upload(artifact("run_results.json", invocation), artifact("manifest.json", invocation), "guess")
        .then()
        .statusCode(401)
        .body("reason", equalTo("missing or wrong bearer token"));

    assertThat(recordsOfRun(invocation)).isEmpty();
  }

  @Test
  void aMissingManifestIs400() {
    String invocation = UUID.randomUUID().toString();

    given()
        .header("Authorization", "Bearer " + Deliveries.RUNS_TOKEN)
        .multiPart(
            "run_results",
            "run_results.json",
            artifact("run_results.json", invocation).getBytes(StandardCharsets.UTF_8),
            "application/json")
        .multiPart("project", "shop")
        .post("/runs")
        .then()
        .statusCode(400)
        .body("reason", equalTo("missing file part manifest"));

    assertThat(recordsOfRun(invocation)).isEmpty();
  }

  @Test
  void aRunThatStoppedBeforeItsArtifactsIsReportedWithItsLogAlone() throws Exception {
    String log =
        "04:02:11  Running with dbt=1.11.16\n04:02:13  Encountered an error:\nIO Error: Could not"
            + " set lock on file \"/srv/prod.duckdb\": Conflicting lock is held ("
            + UUID.randomUUID()
            + ")\n";
    String runId =
        "log-"
            + HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(log.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32);

    String incident =
        uploadLog(log)
            .then()
            .statusCode(202)
            .body("status", equalTo("accepted"))
            .extract()
            .path("incidentId");
    uploadLog(log).then().statusCode(202).body("incidentId", equalTo(incident));

    List<ConsumerRecord<String, byte[]>> records = recordsOfRun(runId);
    assertThat(records).hasSize(1);
    RunFailed event = Deliveries.event(records.get(0));
    assertThat(event.run().statusMessage())
        .isEqualTo("dbt stopped before it wrote run_results.json");
    assertThat(event.artifacts()).extracting(ArtifactRef::name).containsExactly("dbt.log");
    assertThat(Files.readString(Path.of(URI.create(event.artifacts().get(0).uri()))))
        .isEqualTo(log);
  }

  @Test
  void neitherRunResultsNorALogIs400() {
    given()
        .header("Authorization", "Bearer " + Deliveries.RUNS_TOKEN)
        .multiPart("project", "shop")
        .post("/runs")
        .then()
        .statusCode(400)
        .body("reason", equalTo("missing file part run_results"));
  }

  @Test
  void runResultsThatAreNotJsonAre400() {
    upload(
            "{\"metadata\": {\"invocation_id\": ",
            artifact("manifest.json", "x"),
            Deliveries.RUNS_TOKEN)
        .then()
        .statusCode(400)
        .body("reason", containsString("run_results is not valid run_results.json"));
  }

  private static Response uploadLog(String log) {
    return given()
        .header("Authorization", "Bearer " + Deliveries.RUNS_TOKEN)
        .multiPart("dbt_log", "dbt.log", log.getBytes(StandardCharsets.UTF_8), "text/plain")
        .multiPart("project", "shop")
        .multiPart("environment", "prod")
        .post("/runs");
  }

  private static String artifact(String name, String invocation) {
    return fill("artifacts/" + name, Map.of("invocationId", invocation));
  }

  private static Response upload(String runResults, String manifest, String token) {
    return upload(runResults, manifest, token, null);
  }

  private static Response upload(String runResults, String manifest, String token, String job) {
    RequestSpecification request =
        given()
            .header("Authorization", "Bearer " + token)
            .multiPart(
                "run_results",
                "run_results.json",
                runResults.getBytes(StandardCharsets.UTF_8),
                "application/json")
            .multiPart(
                "manifest",
                "manifest.json",
                manifest.getBytes(StandardCharsets.UTF_8),
                "application/json")
            .multiPart("project", "shop")
            .multiPart("environment", "prod")
            .multiPart("git_sha", "9c1e4b7d2a0f3e6b8c5d1a2f4e7b9c0d3a6f8e21");
    if (job != null) {
      request.multiPart("job", job);
    }
    return request.post("/runs");
  }
}
