package io.pipelinemedic.schemas;

import java.util.List;
import java.util.stream.Stream;

/**
 * The pipeline's Kafka topics, their dead-letter twins and the key rule.
 *
 * <p>Every record on an incident topic is keyed by its {@code incidentId}, so one incident stays
 * ordered on one partition; {@code kb.entries} is compacted and keyed by the KB entry id.
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

  /** The knowledge base's entries, compacted, keyed by entry id (kb-sync-service). */
  public static final String KB_ENTRIES = "kb.entries";

  /** Suffix of every dead-letter topic. */
  public static final String DLQ_SUFFIX = ".dlq";

  /** The pipeline topics in flow order. */
  public static final List<String> PIPELINE =
      List.of(RUN_FAILED, CONTEXT_READY, CLASSIFIED, FIX_PROPOSED, SOURCE_REPORTED, PUBLISHED);

  /** Every topic, pipeline and knowledge base, without the dead-letter twins. */
  public static final List<String> MAIN =
      Stream.concat(PIPELINE.stream(), Stream.of(KB_ENTRIES)).toList();

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

  /** The record key of {@code event}: its incidentId, or the KB entry id on {@code kb.entries}. */
  public static String key(PipelineEvent event) {
    return event instanceof KbEntryPublished kb ? kb.entry().id() : event.envelope().incidentId();
  }
}
