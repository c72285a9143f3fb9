package io.pipelinemedic.publisher.record;

import java.time.Instant;

/**
 * Which incidents a list or its figures cover; a {@code null} part does not filter.
 *
 * @param job the job's name
 * @param status the incident's status
 * @param failureClass its class (CODE, SOURCE, TRANSIENT, MIXED)
 * @param owner the owner of its first root cause
 * @param from received at or after
 * @param to received before
 */
public record IncidentFilter(
    String job, String status, String failureClass, String owner, Instant from, Instant to) {}
