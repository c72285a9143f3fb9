package io.pipelinemedic.schemas.model;

/**
 * Who owns a model or source, from {@code meta.owner}, the dbt group owner or the KB.
 *
 * @param name person or team name
 * @param email contact address, when known
 * @param group dbt group the node belongs to, when any
 */
public record Owner(String name, String email, String group) {}
