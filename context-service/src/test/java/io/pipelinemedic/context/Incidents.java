package io.pipelinemedic.context;

import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.stack.demo.ExampleDbtCloud;
import io.pipelinemedic.testsupport.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test incidents: {@code run.failed} records sent to the real broker and what came of them. */
final class Incidents {

  private static final AtomicLong RUN_IDS =
      new AtomicLong(70403184563000L + System.nanoTime() % 100_000);

  private Incidents() {}

  static String newRunId() {
    return Long.toString(RUN_IDS.incrementAndGet());
  }

  static String newIncident() {
    return "inc-" + UUID.randomUUID();
  }

  static RunFailed dbtCloud(String incident, String runId) {
    return dbtCloud(incident, runId, "shop");
  }

  /** The webhook's event of run {@code runId} of the dbt Cloud project named {@code project}. */
  static RunFailed dbtCloud(String incident, String runId, String project) {
    return new RunFailed(
        Envelope.create(incident, "ingest-service", Instant.now()),
        RunSource.DBT_CLOUD,
        "wev_" + runId,
        "job.run.completed",
        null,
        run(ExampleDbtCloud.ACCOUNT, runId, project),
        null,
        null,
        List.of());
  }

  static RunFailed airflow(String incident, String location) {
    return new RunFailed(
        Envelope.create(incident, "ingest-service", Instant.now()),
        RunSource.AIRFLOW,
        null,
        null,
        true,
        run("airflow", "scheduled__2026-11-21T04:00:00+00:00"),
        null,
        location,
        List.of());
  }

  static RunFailed upload(String incident, List<ArtifactRef> artifacts) {
    return new RunFailed(
        Envelope.create(incident, "ingest-service", Instant.now()),
        RunSource.DBT_CORE,
        null,
        null,
        true,
        run("dbt-core", UUID.randomUUID().toString()),
        null,
        null,
        artifacts);
  }

  private static RunRef run(String account, String runId) {
    return run(account, runId, "shop");
  }

  private static RunRef run(String account, String runId, String project) {
    return new RunRef(
        account,
        null,
        project,
        null,
        null,
        "70403103934411",
        null,
        runId,
        "Errored",
        20,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static void send(PipelineEvent event) {
    send(Topics.RUN_FAILED, event.envelope().incidentId(), EventJson.write(event));
  }

  static void send(String topic, String key, byte[] value) {
    TopicRecords.send(topic, key, value);
  }

  /** The incident's context.ready or run.failed.dlq record, whichever appears. */
  static ConsumerRecord<String, byte[]> outcome(String incident) throws InterruptedException {
    return TopicRecords.awaitKey(
        incident, Duration.ofSeconds(60), Topics.CONTEXT_READY, Topics.dlq(Topics.RUN_FAILED));
  }

  static ContextReady contextReady(String incident) throws Exception {
    ConsumerRecord<String, byte[]> record = outcome(incident);
    if (!record.topic().equals(Topics.CONTEXT_READY)) {
      throw new AssertionError(
          incident + " went to " + record.topic() + ": " + header(record, "dead-letter-reason"));
    }
    return EventJson.read(record.value(), ContextReady.class);
  }

  /** The cause the dead-letter record carries. */
  static String deadLetterReason(String incident) throws InterruptedException {
    ConsumerRecord<String, byte[]> record = outcome(incident);
    if (!record.topic().equals(Topics.dlq(Topics.RUN_FAILED))) {
      throw new AssertionError(incident + " was not dead-lettered but went to " + record.topic());
    }
    return header(record, "dead-letter-reason");
  }

  static String header(ConsumerRecord<String, byte[]> record, String name) {
    return TopicRecords.header(record, name);
  }
}
