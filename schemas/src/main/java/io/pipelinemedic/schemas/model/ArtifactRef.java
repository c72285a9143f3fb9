package io.pipelinemedic.schemas.model;

/**
 * A dbt artifact in the artifact store, never inline.
 *
 * @param name file name, e.g. {@code run_results.json}
 * @param uri where it is stored, e.g. {@code file:///var/medic/artifacts/...} or {@code s3://...}
 * @param step dbt Cloud run step index it belongs to, when per step
 * @param sizeBytes size in bytes, when known
 */
public record ArtifactRef(String name, String uri, Integer step, Long sizeBytes) {}
