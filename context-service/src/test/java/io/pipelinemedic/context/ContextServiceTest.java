package io.pipelinemedic.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.EventType;
import io.pipelinemedic.schemas.KbEntryPublished;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.KbMatchRule;
import io.pipelinemedic.schemas.model.KbSource;
import io.pipelinemedic.schemas.model.Layer;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.service.kb.KbView;
import io.pipelinemedic.stack.demo.ExampleDbtCloud;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DbtCloudApi.class, scope = TestResourceScope.GLOBAL)
class ContextServiceTest {

  private static final String GIT_SHA = "9c1e4b7d2a0f3e6b8c5d1a2f4e7b9c0d3a6f8e21";

  private static final Path V6 = Path.of("src/test/resources/artifacts/v6").toAbsolutePath();
  private static final Path V4 = Path.of("src/test/resources/artifacts/v4").toAbsolutePath();
  private static final String TEST_ID =
      "test.shop.accepted_values_stg_order_lines_product_line__apparel__home.5b2c0e9f1a";

  @Inject KbView kb;

  @TempDir Path temp;

  @AfterEach
  void noFaultsLeft() {
    DbtCloudApi.server().clearFaults();
  }

  @Test
  void aScheduledDbtCloudRunBecomesItsCompactContext() throws Exception {
    String entryId = "kb-product-line-" + System.nanoTime();
    publishKbEntry(entryId, new KbMatchRule(List.of("accepted_values"), "model.shop.stg_*", null));
    awaitKbEntry(entryId, true);
    String runId = serveScheduledRun();
    String incident = Incidents.newIncident();
    Incidents.send(Incidents.dbtCloud(incident, runId));

    ConsumerRecord<String, byte[]> record = Incidents.outcome(incident);
    assertThat(record.topic()).isEqualTo(Topics.CONTEXT_READY);
    assertThat(Incidents.header(record, "ce_type")).isEqualTo(EventType.CONTEXT_READY.ceType());
    ContextReady ready = EventJson.read(record.value(), ContextReady.class);
    assertThat(ready.ignoredReason()).isNull();
    assertThat(ready.run().gitSha()).isEqualTo(GIT_SHA);
    assertThat(ready.run().jobName()).isEqualTo("Nightly production build");
    assertThat(ready.run().finishedAt()).isEqualTo(Instant.parse("2026-11-21T04:02:09.994611Z"));
    assertThat(ready.artifacts())
        .extracting(ArtifactRef::name, ArtifactRef::step)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("run_results.json", 6),
            org.assertj.core.groups.Tuple.tuple("manifest.json", 6));
    for (ArtifactRef artifact : ready.artifacts()) {
      assertThat(Path.of(URI.create(artifact.uri())))
          .hasSameBinaryContentAs(V6.resolve(artifact.name()));
    }
    assertThat(ready.skipped()).containsExactly("model.shop.fct_order_lines");
    Failure failure = ready.failures().get(0);
    assertThat(ready.failures()).hasSize(1);
    assertThat(failure.uniqueId()).isEqualTo(TEST_ID);
    assertThat(failure.testKwargs()).containsEntry("values", List.of("apparel", "home"));
    assertThat(failure.owner().email()).isEqualTo("merch-data@shop.example");
    assertThat(failure.lineage())
        .containsExactly("model.shop.stg_order_lines", "source.shop.vendor.order_lines");
    assertThat(ready.lineage())
        .extracting(LineageNode::uniqueId, LineageNode::layer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("model.shop.stg_order_lines", Layer.STAGING),
            org.assertj.core.groups.Tuple.tuple("source.shop.vendor.order_lines", Layer.SOURCE));
    assertThat(failure.kbMatches())
        .extracting(KbMatch::entryId, KbMatch::matchedOn)
        .contains(org.assertj.core.groups.Tuple.tuple(entryId, "node"));
    assertThat(DbtCloudApi.server().requests)
        .contains(
            "/api/v2/accounts/%s/runs/%s/?include_related=[\"trigger\",\"job\",\"run_steps\",\"environment\"]"
                .formatted(ExampleDbtCloud.ACCOUNT, runId),
            "/api/v2/accounts/%s/runs/%s/artifacts/run_results.json?step=6"
                .formatted(ExampleDbtCloud.ACCOUNT, runId))
        .noneMatch(path -> path.contains(runId + "/artifacts/") && path.endsWith("step=5"));
  }

  @Test
  void aDeletedKbEntryNoLongerMatches() throws Exception {
    String entryId = "kb-deleted-" + System.nanoTime();
    publishKbEntry(entryId, new KbMatchRule(List.of("accepted_values"), null, null));
    awaitKbEntry(entryId, true);
    Incidents.send(Topics.KB_ENTRIES, entryId, null);
    awaitKbEntry(entryId, false);

    String incident = Incidents.newIncident();
    Incidents.send(Incidents.upload(incident, copyOf(V6, "run_results.json", "manifest.json")));

    assertThat(Incidents.contextReady(incident).failures().get(0).kbMatches())
        .extracting(KbMatch::entryId)
        .doesNotContain(entryId);
  }

  @Test
  void aRunThatWasNotScheduledIsIgnoredWithItsReason() throws Exception {
    String runId = Incidents.newRunId();
    DbtCloudApi.server()
        .serve(
            runId,
            new ExampleDbtCloud.Run(
                ExampleDbtCloud.runData(
                    runId, "Triggered via GitHub PR #4711", 4711, "ci", GIT_SHA, 10, 20, 10),
                Map.of(5, V6)));
    String incident = Incidents.newIncident();
    Incidents.send(Incidents.dbtCloud(incident, runId));

    ContextReady ready = Incidents.contextReady(incident);
    assertThat(ready.ignoredReason()).contains("pull request 4711");
    assertThat(ready.failures()).isEmpty();
    assertThat(DbtCloudApi.server().requests)
        .noneMatch(path -> path.contains(runId + "/artifacts/"));
  }

  @Test
  void rateLimitsAndServerErrorsAreRetried() throws Exception {
    String runId = serveScheduledRun();
    DbtCloudApi.server().failNext(429, 502, 503);
    String incident = Incidents.newIncident();
    Incidents.send(Incidents.dbtCloud(incident, runId));

    assertThat(Incidents.contextReady(incident).failures()).hasSize(1);
  }

  @Test
  void anApiThatKeepsFailingSendsTheIncidentToTheDeadLetterTopicUnchanged() throws Exception {
    String runId = Incidents.newRunId();
    String incident = Incidents.newIncident();
    DbtCloudApi.server().failNext(503, 503, 503, 503, 503);
    RunFailed event = Incidents.dbtCloud(incident, runId);
    Incidents.send(event);

    ConsumerRecord<String, byte[]> dead = Incidents.outcome(incident);
    assertThat(dead.topic()).isEqualTo("run.failed.dlq");
    assertThat(Incidents.header(dead, "dead-letter-reason"))
        .contains(incident)
        .contains("failed after 5 attempts")
        .contains("HTTP 503");
    assertThat(dead.value()).isEqualTo(EventJson.write(event));
  }

  @Test
  void olderSchemasAreRead() throws Exception {
    String incident = Incidents.newIncident();
    Incidents.send(Incidents.upload(incident, copyOf(V4, "run_results.json", "manifest.json")));

    ContextReady ready = Incidents.contextReady(incident);
    Failure failure = ready.failures().get(0);
    assertThat(failure.uniqueId()).isEqualTo("test.legacy.unique_stg_orders_order_id.1a2b3c4d5e");
    assertThat(failure.failingRows()).isEqualTo(3);
    assertThat(failure.compiledCode()).startsWith("select order_id from stg_orders");
    assertThat(failure.owner().name()).isEqualTo("orders-team@example.com");
    assertThat(ready.skipped()).containsExactly("model.legacy.fct_orders");
  }

  @Test
  void airflowArtifactsAreCopiedFromTheLocationTheAlertNames() throws Exception {
    String incident = Incidents.newIncident();
    Incidents.send(Incidents.airflow(incident, V6.toUri().toString()));

    ContextReady ready = Incidents.contextReady(incident);
    assertThat(ready.failures()).extracting(Failure::uniqueId).containsExactly(TEST_ID);
    assertThat(ready.artifacts())
        .allMatch(artifact -> !artifact.uri().startsWith(V6.toUri().toString()));

    String unreachable = Incidents.newIncident();
    Incidents.send(Incidents.airflow(unreachable, "s3://medic-artifacts/shop_nightly/1/target/"));
    assertThat(Incidents.deadLetterReason(unreachable))
        .contains("is not under medic.context.airflow.artifact-roots");

    // a location outside the configured roots is never read, however it is spelled
    for (String climbing : List.of("../../../../../../../../etc/", "%2e%2e/%2e%2e/%2e%2e/etc/")) {
      String outside = Incidents.newIncident();
      Incidents.send(Incidents.airflow(outside, V6.toUri() + climbing));
      assertThat(Incidents.deadLetterReason(outside))
          .as(climbing)
          .contains("is not under medic.context.airflow.artifact-roots");
    }
  }

  @Test
  void aRunThatStoppedBeforeItsArtifactsIsReadFromItsLog() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("died"));
    Files.writeString(
        dir.resolve("dbt.log"),
        "\u001B[0m04:02:11  Running with dbt=1.11.16\n"
            + "\u001B[0m04:02:13  Encountered an error:\n"
            + "IO Error: Could not set lock on file \"/srv/prod.duckdb\": Conflicting lock is held\n"
            + "\u001B[0m04:02:13  Traceback (most recent call last):\n");
    String incident = Incidents.newIncident();
    Incidents.send(Incidents.upload(incident, copyOf(dir, "dbt.log")));

    ContextReady ready = Incidents.contextReady(incident);
    assertThat(ready.failures())
        .singleElement()
        .satisfies(
            failure -> {
              assertThat(failure.uniqueId()).isEqualTo("invocation.shop");
              assertThat(failure.status()).isEqualTo("error");
              assertThat(failure.message())
                  .isEqualTo(
                      "IO Error: Could not set lock on file \"/srv/prod.duckdb\": Conflicting"
                          + " lock is held");
            });
    assertThat(ready.lineage()).isEmpty();

    Files.writeString(dir.resolve("dbt.log"), "04:02:11  Running with dbt=1.11.16\n");
    String silent = Incidents.newIncident();
    Incidents.send(Incidents.upload(silent, copyOf(dir, "dbt.log")));
    assertThat(Incidents.deadLetterReason(silent)).contains("dbt.log shows no error");
  }

  @Test
  void longCompiledSqlTravelsByUri() throws Exception {
    String longSql = "select 1 as x\n" + "union all select 1 as x\n".repeat(4_000);
    String runResults =
        Files.readString(V6.resolve("run_results.json"))
            .replace(
                "\"compiled_code\": \"select product_line",
                "\"compiled_code\": \"" + longSql.replace("\n", "\\n") + " -- select product_line");
    Path dir = Files.createDirectories(temp.resolve("long"));
    Files.writeString(dir.resolve("run_results.json"), runResults);
    Files.copy(V6.resolve("manifest.json"), dir.resolve("manifest.json"));
    String incident = Incidents.newIncident();
    Incidents.send(Incidents.upload(incident, copyOf(dir, "run_results.json", "manifest.json")));

    Failure failure = Incidents.contextReady(incident).failures().get(0);
    assertThat(failure.compiledCode()).isNull();
    assertThat(Files.readString(Path.of(URI.create(failure.compiledCodeUri()))))
        .startsWith(longSql);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "truncated   | {\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/run-results/v6.json\"}, \"results\": [{\"status\": \"fa",
        "not JSON    | <html><body>502 Bad Gateway</body></html>",
        "wrong schema| {\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/manifest/v12.json\"}, \"nodes\": {}}"
      })
  void badArtifactsAreDeadLetteredWithTheCauseAndTheServiceGoesOn(String kind, String content)
      throws Exception {
    Path dir = Files.createDirectories(temp.resolve(kind.replace(' ', '-')));
    Files.writeString(dir.resolve("run_results.json"), content);
    Files.copy(V6.resolve("manifest.json"), dir.resolve("manifest.json"));
    String bad = Incidents.newIncident();
    Incidents.send(Incidents.upload(bad, copyOf(dir, "run_results.json", "manifest.json")));

    assertThat(Incidents.deadLetterReason(bad)).as(kind).contains("run_results.json");

    String good = Incidents.newIncident();
    Incidents.send(Incidents.upload(good, copyOf(V6, "run_results.json", "manifest.json")));
    assertThat(Incidents.contextReady(good).failures()).hasSize(1);
  }

  @Test
  void aRecordThatIsNotAnEventIsDeadLetteredAsItCame() throws Exception {
    String key = Incidents.newIncident();
    byte[] garbage = "{\"this is\": not json".getBytes(StandardCharsets.UTF_8);
    Incidents.send(Topics.RUN_FAILED, key, garbage);

    ConsumerRecord<String, byte[]> dead = Incidents.outcome(key);
    assertThat(dead.topic()).isEqualTo("run.failed.dlq");
    assertThat(Incidents.header(dead, "dead-letter-reason")).contains("not a run.failed event");
    assertThat(dead.value()).isEqualTo(garbage);
  }

  /** A scheduled run whose test step (index 6) failed with the v6 artifacts; returns its id. */
  private static String serveScheduledRun() {
    String runId = Incidents.newRunId();
    DbtCloudApi.server()
        .serve(
            runId,
            new ExampleDbtCloud.Run(
                ExampleDbtCloud.runData(
                    runId, "Kicked off by the scheduler", null, "scheduled", GIT_SHA, 10, 10, 20),
                Map.of(6, V6)));
    return runId;
  }

  /** Copies artifacts into a fresh folder, as ingest-service's upload store would hold them. */
  private List<ArtifactRef> copyOf(Path from, String... names) throws Exception {
    Path dir = Files.createTempDirectory(temp, "upload");
    return java.util.Arrays.stream(names)
        .map(
            name -> {
              try {
                Path copy = Files.copy(from.resolve(name), dir.resolve(name));
                return new ArtifactRef(name, copy.toUri().toString(), null, Files.size(copy));
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .toList();
  }

  private void awaitKbEntry(String id, boolean present) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (kb.entries().stream().anyMatch(entry -> entry.id().equals(id)) == present) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the KB view did not " + (present ? "add " : "remove ") + id);
  }

  private static void publishKbEntry(String id, KbMatchRule rule) {
    KbEntry entry =
        new KbEntry(
            id,
            "New product line from the vendor",
            KbSource.GIT,
            "kb/" + id + ".md",
            1,
            Instant.parse("2026-11-20T10:00:00Z"),
            rule,
            FailureClass.CODE,
            null,
            "Add the product line to the mapping.",
            null);
    Incidents.send(
        Topics.KB_ENTRIES,
        id,
        EventJson.write(
            new KbEntryPublished(Envelope.create(null, "kb-sync-service", Instant.now()), entry)));
  }
}
