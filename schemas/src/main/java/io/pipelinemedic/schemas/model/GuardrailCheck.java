package io.pipelinemedic.schemas.model;

/**
 * One guardrail applied to a fix's diff.
 *
 * @param name e.g. {@code no_test_weakened}, {@code allowed_paths}
 * @param passed whether the diff respects it
 * @param reason why it failed, when it did
 */
public record GuardrailCheck(String name, boolean passed, String reason) {}
