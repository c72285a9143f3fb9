package io.pipelinemedic.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.classifier.decision.Classifier;
import io.pipelinemedic.classifier.warehouse.JdbcWarehouse;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.service.kb.KbView;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.ServiceProcess;
import io.pipelinemedic.testsupport.SignedIn;
import io.pipelinemedic.testsupport.TestRuns;
import io.pipelinemedic.testsupport.TopicRecords;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every failing example scenario, played with real dbt, from a real {@code context.ready} to {@code
 * classified} on the real broker: the packaged kb-sync-service publishes the example KB from this
 * repository's git history, the packaged context-service turns the run's artifacts into {@code
 * context.ready}, and this service classifies it with diagnostics on the scenario's production
 * DuckDB file. Class, root cause, cascades and action must equal the scenario's ground truth, and
 * class and root cause must also come out right without the KB (signatures and diagnostics alone);
 * the figures (queries and their time per incident) are printed.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ScenarioClassifierIT {

  private static final Path ROOT = Path.of(System.getProperty("medic.root", ".."));
  private static final Path ARTIFACTS = Path.of("target/it-artifacts").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> FIGURES = new ArrayList<>();

  private static long kbEntries;
  private static Process kbSync;
  private static Process context;

  @Inject KbView kb;

  @BeforeAll
  static void upstreamServices() throws Exception {
    int kbPort = ServiceProcess.freePort();
    kbSync =
        ServiceProcess.start(
            service("kb-sync-service"),
            kbPort,
            Map.of(
                "MEDIC_KB_GIT_URI", ROOT.toAbsolutePath().toString(),
                "MEDIC_KB_GIT_BRANCH", "main",
                "MEDIC_KB_GIT_PATH", "examples",
                "MEDIC_KB_GIT_CLONE_DIR", Path.of("target/kb-git").toAbsolutePath().toString(),
                "MEDIC_KB_GIT_INTERVAL", "off",
                "MEDIC_KB_NOTION_INTERVAL", "off",
                "MEDIC_KB_OUTBOX_INTERVAL", "200ms",
                "MEDIC_API_TOKEN", SignedIn.TOKEN),
            Path.of("target/kb-sync-service.log"),
            "/q/health/ready");
    HttpResponse<String> sync =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kbPort + "/kb/sync?source=git"))
                .header("Authorization", "Bearer " + SignedIn.TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
      kbEntries =
          files
              .filter(f -> f.getParent().getFileName().toString().equals("kb"))
              .filter(f -> f.toString().endsWith(".md") && !f.endsWith("README.md"))
              .count();
    }
    Instant deadline = Instant.now().plusSeconds(30);
    while (TopicRecords.all(Topics.KB_ENTRIES).size() < kbEntries) {
      assertThat(Instant.now()).as("the KB is published").isBefore(deadline);
      Thread.sleep(200);
    }
    context =
        ServiceProcess.start(
            service("context-service"),
            ServiceProcess.freePort(),
            Map.of("MEDIC_ARTIFACTS_DIR", ARTIFACTS.toString()),
            Path.of("target/context-service.log"),
            "/q/health/ready");
  }

  @AfterAll
  static void stopUpstream() throws InterruptedException {
    System.out.println(String.join("\n", FIGURES));
    for (Process process : new Process[] {context, kbSync}) {
      if (process != null) {
        process.destroy();
        process.waitFor();
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioIsClassifiedAsItsGroundTruthSays() throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (kb.entries().size() < kbEntries) {
      assertThat(Instant.now()).as("the classifier's KB view has the KB").isBefore(deadline);
      Thread.sleep(200);
    }
    ScenarioRunner runner = new ScenarioRunner(ROOT);
    return ScenarioRunner.scenarios(ROOT).stream()
        .filter(scenario -> !scenario.expected().failures().isEmpty())
        .map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> check(runner, scenario)));
  }

  private static void check(ScenarioRunner runner, Scenario scenario) throws Exception {
    ScenarioRun run = runner.run(scenario, Path.of("target/scenarios", scenario.name()));
    Path production = Path.of("target/production").resolve(run.warehouse().getFileName());
    Files.createDirectories(production.getParent());
    Files.copy(run.warehouse(), production, StandardCopyOption.REPLACE_EXISTING);

    String incident = "inc-" + UUID.randomUUID();
    RunFailed failed =
        new RunFailed(
            Envelope.create(incident, "ingest-service", Instant.now()),
            RunSource.DBT_CORE,
            null,
            null,
            true,
            TestRuns.nightly(scenario.project(), UUID.randomUUID().toString(), run.commit()),
            null,
            null,
            upload(incident, run.artifacts()));
    TopicRecords.send(Topics.RUN_FAILED, incident, EventJson.write(failed));

    ConsumerRecord<String, byte[]> record =
        TopicRecords.awaitKey(
            incident,
            Duration.ofSeconds(120),
            Topics.CLASSIFIED,
            Topics.dlq(Topics.CONTEXT_READY),
            Topics.dlq(Topics.RUN_FAILED));
    assertThat(record.topic())
        .as("dead-letter reason: " + TopicRecords.header(record, "dead-letter-reason"))
        .isEqualTo(Topics.CLASSIFIED);
    Classified classified = EventJson.read(record.value(), Classified.class);

    Scenario.Expected expected = scenario.expected();
    assertThat(classified.groups()).as("one root cause").hasSize(1);
    RootCauseGroup group = classified.groups().get(0);
    assertThat(group.rootCauseNode()).isEqualTo(expected.rootCause());
    assertThat(group.failureClass().name()).isEqualTo(expected.failureClass());
    assertThat(group.action().name()).isEqualTo(expected.action());
    assertThat(group.cascades().stream().map(Scenario::groundTruthId).toList())
        .containsExactlyInAnyOrderElementsOf(expected.cascades());
    assertThat(group.reason()).isNotBlank().endsWith(".");
    assertThat(group.decidedBy()).isNotNull();
    if (!expected.rootCause().startsWith("invocation.")) {
      // a run that stopped before dbt read its project has no manifest to name an owner
      assertThat(group.owner()).isNotNull();
    }

    RootCauseGroup withoutKb;
    try (JdbcWarehouse warehouse = JdbcWarehouse.duckDb(production, 100)) {
      withoutKb =
          new Classifier(id -> Optional.empty(), Action.NONE)
              .classify(classified.failures(), classified.lineage(), warehouse)
              .groups()
              .get(0);
    }
    if (expected.knownLimit() == null) {
      assertThat(withoutKb.rootCauseNode()).as("without the KB").isEqualTo(expected.rootCause());
      assertThat(withoutKb.failureClass().name())
          .as("without the KB")
          .isEqualTo(expected.failureClass());
    } else {
      assertThat(withoutKb.failureClass().name() + " at " + withoutKb.rootCauseNode())
          .as("a known limit without the KB: " + expected.knownLimit())
          .isNotEqualTo(expected.failureClass() + " at " + expected.rootCause());
    }

    List<Evidence> queries = group.evidence().stream().filter(e -> e.query() != null).toList();
    FIGURES.add(
        String.format(
            "%-28s %-9s %-6s %-19s %2d queries %3d ms | without KB: %-9s %-19s | %s",
            scenario.name(),
            group.failureClass(),
            group.action(),
            group.decidedBy(),
            queries.size(),
            queries.stream().mapToLong(Evidence::durationMs).sum(),
            withoutKb.failureClass(),
            withoutKb.decidedBy(),
            group.reason()));
  }

  /** The job's artifacts put into the artifact store, as ingest does for a dbt Core upload. */
  private static List<ArtifactRef> upload(String incident, Path artifacts) throws IOException {
    List<ArtifactRef> refs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(artifacts)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        Path relative = artifacts.relativize(file);
        Path target = ARTIFACTS.resolve(incident).resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
        String step = relative.getName(0).toString();
        refs.add(
            new ArtifactRef(
                file.getFileName().toString(),
                target.toUri().toString(),
                step.startsWith("step-") ? Integer.valueOf(step.substring(5)) : null,
                Files.size(target)));
      }
    }
    return refs;
  }

  private static Path service(String module) {
    return ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }
}
