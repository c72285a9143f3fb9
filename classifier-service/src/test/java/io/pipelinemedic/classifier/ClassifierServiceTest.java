package io.pipelinemedic.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.TestRuns;
import io.pipelinemedic.testsupport.TopicRecords;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The service on the real broker: a classified incident, and bad records in the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ClassifierServiceTest {

  private static final RunRef RUN = TestRuns.shopNightly("run-1", "abc123");

  @Test
  void aContextBecomesOneClassifiedEventKeyedByItsIncident() throws Exception {
    String incident = "inc-" + UUID.randomUUID();
    Failure locked =
        Fixtures.failure(
            "model.shop.stg_fx_rates",
            "model",
            null,
            "error",
            "IO Error: Could not set lock on file \"fx.duckdb\": Conflicting lock is held in python",
            null,
            List.of());
    send(incident, context(incident, List.of(locked)));

    ConsumerRecord<String, byte[]> record = outcome(incident);

    assertThat(record.topic()).isEqualTo(Topics.CLASSIFIED);
    Classified classified = EventJson.read(record.value(), Classified.class);
    assertThat(classified.envelope().producer()).isEqualTo("classifier-service");
    assertThat(classified.run()).isEqualTo(RUN);
    assertThat(classified.failures()).containsExactly(locked);
    assertThat(classified.state())
        .as("the run's manifest, the state fixes defer to")
        .isEqualTo(MANIFEST);
    assertThat(classified.results())
        .as("the run's results, the baseline fixes are judged against")
        .containsExactly(RUN_RESULTS);
    assertThat(classified.groups())
        .singleElement()
        .extracting(RootCauseGroup::failureClass, RootCauseGroup::action)
        .containsExactly(FailureClass.TRANSIENT, Action.NONE);
  }

  @Test
  void aRecordThatIsNotAContextReadyIsDeadLetteredWithTheCause() throws Exception {
    String notJson = "inc-" + UUID.randomUUID();
    String noRun = "inc-" + UUID.randomUUID();
    TopicRecords.send(
        Topics.CONTEXT_READY, notJson, "{\"envelope\": ".getBytes(StandardCharsets.UTF_8));
    ContextReady withoutRun =
        new ContextReady(
            Envelope.create(noRun, "context-service", Instant.now()),
            RunSource.DBT_CORE,
            null,
            null,
            List.of(),
            List.of(),
            List.of(),
            List.of());
    TopicRecords.send(Topics.CONTEXT_READY, noRun, EventJson.write(withoutRun));

    ConsumerRecord<String, byte[]> malformed = outcome(notJson);
    ConsumerRecord<String, byte[]> incomplete = outcome(noRun);

    assertThat(malformed.topic()).isEqualTo(Topics.dlq(Topics.CONTEXT_READY));
    assertThat(TopicRecords.header(malformed, "dead-letter-reason"))
        .startsWith("not a context.ready event:");
    assertThat(new String(malformed.value(), StandardCharsets.UTF_8)).isEqualTo("{\"envelope\": ");
    assertThat(incomplete.topic()).isEqualTo(Topics.dlq(Topics.CONTEXT_READY));
    assertThat(TopicRecords.header(incomplete, "dead-letter-reason"))
        .isEqualTo("not a context.ready event: no envelope, incidentId or run");
  }

  private static final ArtifactRef RUN_RESULTS =
      new ArtifactRef(
          "run_results.json", "file:///var/medic/artifacts/i/run_results.json", null, 9L);
  private static final ArtifactRef MANIFEST =
      new ArtifactRef("manifest.json", "file:///var/medic/artifacts/i/manifest.json", null, 9L);

  private static ContextReady context(String incident, List<Failure> failures) {
    return new ContextReady(
        Envelope.create(incident, "context-service", Instant.now()),
        RunSource.DBT_CORE,
        RUN,
        null,
        List.of(RUN_RESULTS, MANIFEST),
        failures,
        List.of(),
        List.of());
  }

  private static void send(String incident, ContextReady ready) {
    TopicRecords.send(Topics.CONTEXT_READY, incident, EventJson.write(ready));
  }

  private static ConsumerRecord<String, byte[]> outcome(String incident)
      throws InterruptedException {
    return TopicRecords.awaitKey(
        incident, Duration.ofSeconds(30), Topics.CLASSIFIED, Topics.dlq(Topics.CONTEXT_READY));
  }
}
