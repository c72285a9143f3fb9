package io.pipelinemedic.schemas.model;

/**
 * One node's result in a verification build.
 *
 * @param uniqueId dbt unique id
 * @param status dbt status, e.g. {@code pass}, {@code success}, {@code fail}
 * @param message dbt's message, when any
 */
public record NodeResult(String uniqueId, String status, String message) {}
