package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.KbEntry;

/**
 * {@code kb.entries}: the current version of a KB entry; a deleted entry is a tombstone (a record
 * with the entry id as key and no value).
 *
 * @param envelope common envelope (no incidentId)
 * @param entry the entry
 */
public record KbEntryPublished(Envelope envelope, KbEntry entry) implements PipelineEvent {}
