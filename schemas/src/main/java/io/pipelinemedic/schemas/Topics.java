package io.pipelinemedic.schemas;

import java.util.List;
import java.util.stream.Stream;

/**
 * The pipeline's Kafka topics, their dead-letter twins and the key rule.
 *
 * <p>Every record on an incident topic is keyed by its {@code incidentId}, so one incident stays
 * ordered on one partition; {@code run.passed} is keyed by the job, {@code fix.reviewed} by the
 * pull request, and {@code kb.entries} is compacted and keyed by the KB entry id.
 */
public final class Topics {

  /** A failed scheduled run was received (ingest-service). */
  public static final String RUN_FAILED = "run.failed";

  /** The compact failure context of a run is ready (context-service). */
  public static final String CONTEXT_READY = "context.ready";

  /** Failures were grouped by root cause and classified (classifier-service). */
  public static final String CLASSIFIED = "classified";

  /** A CODE fix was attempted and verified, or rejected (agent-runner-service). */
  public static final String FIX_PROPOSED = "fix.proposed";

  /** A SOURCE root cause was reported with diagnostics (agent-runner-service). */
  public static final String SOURCE_REPORTED = "source.reported";

  /** An outcome was published as a PR, message or ticket (publisher-service). */
  public static final String PUBLISHED = "published";

  /**
   * A run passed of a job with an accepted failure: its open incidents are over (ingest-service).
   */
  public static final String RUN_PASSED = "run.passed";

  /** A pull request was merged or closed unmerged (ingest-service, from GitHub's webhook). */
  public static final String FIX_REVIEWED = "fix.reviewed";

  /** The knowledge base's entries, compacted, keyed by entry id (kb-sync-service). */
  public static final String KB_ENTRIES = "kb.entries";

  /** Suffix of every dead-letter topic. */
  public static final String DLQ_SUFFIX = ".dlq";

  /** The pipeline topics in flow order. */
  public static final List<String> PIPELINE =
      List.of(RUN_FAILED, CONTEXT_READY, CLASSIFIED, FIX_PROPOSED, SOURCE_REPORTED, PUBLISHED);

  /** What happens to an incident after its outcome: the job passed, the fix was reviewed. */
  public static final List<String> LIFECYCLE = List.of(RUN_PASSED, FIX_REVIEWED);

  /**
   * The topics whose dead letters may be sent back once their cause is fixed: the pipeline's and
   * the lifecycle's (kb-sync-service validates the KB's entries before it publishes them).
   */
  public static final List<String> REDRIVABLE =
      Stream.concat(PIPELINE.stream(), LIFECYCLE.stream()).toList();

  /** Every topic, pipeline, lifecycle and knowledge base, without the dead-letter twins. */
  public static final List<String> MAIN =
      Stream.of(PIPELINE, LIFECYCLE, List.of(KB_ENTRIES)).flatMap(List::stream).toList();

  /** Every topic and its dead-letter twin. */
  public static final List<String> ALL =
      MAIN.stream().flatMap(topic -> Stream.of(topic, dlq(topic))).toList();

  private Topics() {}

  /** The dead-letter topic of {@code topic}. */
  public static String dlq(String topic) {
    return topic + DLQ_SUFFIX;
  }

  /** Whether {@code topic} keeps only the latest record per key (log compaction). */
  public static boolean isCompacted(String topic) {
    return KB_ENTRIES.equals(topic);
  }

  /**
   * The record key of {@code event}: its incidentId; the KB entry id on {@code kb.entries}, the job
   * on {@code run.passed}, the pull request's page on {@code fix.reviewed}.
   */
  public static String key(PipelineEvent event) {
    if (event instanceof KbEntryPublished kb) {
      return kb.entry().id();
    }
    if (event instanceof RunPassed passed) {
      return passed.run().jobKey(passed.source());
    }
    if (event instanceof FixReviewed reviewed) {
      return reviewed.url();
    }
    return event.envelope().incidentId();
  }
}
