package io.pipelinemedic.schemas.model;

/**
 * One piece of evidence behind a classification, e.g. a diagnostic query and its result.
 *
 * @param kind {@code kb_match}, {@code signature}, {@code lineage} or {@code diagnostic_query}
 * @param summary one sentence saying what it shows
 * @param query the read-only SQL that was run, for diagnostic queries
 * @param result compact result, e.g. rows per layer as JSON text
 * @param rowCount rows the query returned
 * @param durationMs how long the query took
 */
public record Evidence(
    String kind, String summary, String query, String result, Long rowCount, Long durationMs) {}
