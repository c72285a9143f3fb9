package io.pipelinemedic.schemas.model;

/**
 * A KB entry that matches a failure.
 *
 * @param entryId KB entry id
 * @param version entry version that matched
 * @param title entry title
 * @param matchedOn what matched: {@code test_name}, {@code node} or {@code message}
 */
public record KbMatch(String entryId, int version, String title, String matchedOn) {}
