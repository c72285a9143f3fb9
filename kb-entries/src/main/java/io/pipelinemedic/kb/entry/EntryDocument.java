package io.pipelinemedic.kb.entry;

import io.pipelinemedic.schemas.model.KbSource;
import java.time.Instant;
import java.util.Map;

/**
 * A KB entry as its source holds it, before validation.
 *
 * @param id entry id, derived from where the entry lives (file path or page id)
 * @param source Notion or git
 * @param sourceRef page URL, or file path at a commit
 * @param updatedAt last edit at the source
 * @param fields the entry's fields: front matter, or page properties in the same shape
 * @param steps the steps in markdown
 */
public record EntryDocument(
    String id,
    KbSource source,
    String sourceRef,
    Instant updatedAt,
    Map<String, Object> fields,
    String steps) {}
