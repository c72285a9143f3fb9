package io.pipelinemedic.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.testsupport.TopicRecords;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The events of an incident's life after its outcome as ingest-service publishes them (a failed run
 * of a job, its passing run, a pull request closed), and the notices publisher-service sends.
 */
final class LifecycleEvents {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Instant FAILED_AT = Instant.parse("2026-11-23T04:02:09Z");

  private LifecycleEvents() {}

  /** The failed run of {@code job} that is {@code incident}, on {@code run.failed}. */
  static void failed(String incident, String job) {
    RunRef run =
        new RunRef(
            "70403103916395",
            null,
            "shop",
            null,
            "Production",
            job,
            "nightly",
            "run-" + incident,
            "Errored",
            20,
            null,
            null,
            null,
            FAILED_AT,
            null,
            "a".repeat(40),
            "main");
    send(
        Topics.RUN_FAILED,
        incident,
        new RunFailed(
            new Envelope(
                UUID.randomUUID().toString(),
                incident,
                FAILED_AT.plusSeconds(2),
                Envelope.SCHEMA_VERSION,
                "ingest-service"),
            RunSource.DBT_CLOUD,
            null,
            "job.run.completed",
            null,
            run,
            null,
            null,
            List.of()));
  }

  /** A passing run of {@code job} that ended at {@code finished}, naming {@code incidents}. */
  static RunPassed passed(String job, String runId, Instant finished, String... incidents) {
    return new RunPassed(
        new Envelope(
            UUID.nameUUIDFromBytes((job + runId).getBytes()).toString(),
            null,
            Instant.now(),
            Envelope.SCHEMA_VERSION,
            "ingest-service"),
        RunSource.DBT_CLOUD,
        "job.run.completed",
        new RunRef(
            "70403103916395",
            null,
            "shop",
            null,
            "Production",
            job,
            "nightly",
            runId,
            "Success",
            10,
            null,
            null,
            null,
            finished,
            null,
            null,
            null),
        List.of(incidents));
  }

  /** The pull request at {@code url} from {@code branch} closed by {@code by}, merged or not. */
  static FixReviewed reviewed(String url, String branch, boolean merged, String by) {
    return new FixReviewed(
        new Envelope(
            UUID.randomUUID().toString(),
            null,
            Instant.now(),
            Envelope.SCHEMA_VERSION,
            "ingest-service"),
        "shop/analytics",
        Integer.parseInt(url.substring(url.lastIndexOf('/') + 1)),
        url,
        branch,
        merged,
        merged ? "c".repeat(40) : null,
        by,
        Instant.now());
  }

  /** Sends {@code event} on {@code topic}, keyed by its incident. */
  static void send(String topic, PipelineEvent event) {
    send(topic, event.envelope().incidentId(), event);
  }

  /** Sends {@code event} on {@code topic}, keyed {@code key}. */
  static void send(String topic, String key, PipelineEvent event) {
    TopicRecords.send(topic, key, EventJson.write(event));
  }

  /** The first notice of {@code incident} that {@code is}, once published. */
  static Published published(String incident, Predicate<Published> is)
      throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      for (ConsumerRecord<String, byte[]> record :
          TopicRecords.matching(Topics.PUBLISHED, r -> incident.equals(r.key()))) {
        Published notice = EventJson.read(record.value(), Published.class);
        if (is.test(notice)) {
          return notice;
        }
      }
      assertThat(Instant.now()).as("a notice of " + incident).isBefore(deadline);
      Thread.sleep(250);
    }
  }
}
