package io.pipelinemedic.schemas.model;

/**
 * One file of a fix's diff.
 *
 * @param path path relative to the repository root
 * @param additions lines added
 * @param deletions lines deleted
 */
public record FileChange(String path, int additions, int deletions) {}
