package io.pipelinemedic.schemas;

/** An event of the pipeline: every one carries the common {@link Envelope}. */
public sealed interface PipelineEvent
    permits RunFailed,
        ContextReady,
        Classified,
        FixProposed,
        SourceReported,
        Published,
        KbEntryPublished,
        RunPassed,
        FixReviewed {

  /** The common envelope: ids, time, schema version and producer. */
  Envelope envelope();
}
