package io.pipelinemedic.schemas.model;

/**
 * A plain-language note to a data owner, kept for a person to send.
 *
 * @param to recipient address or name
 * @param subject subject line
 * @param body body in plain text, non-technical
 */
public record EmailDraft(String to, String subject, String body) {}
