package io.pipelinemedic.schemas.model;

import java.time.Instant;

/**
 * A knowledge-base entry: written by a person, executable by the machine.
 *
 * @param id stable entry id
 * @param title title
 * @param source Notion or git
 * @param sourceRef Notion page URL or file path at a commit
 * @param version increases with every change
 * @param updatedAt last edit at the source
 * @param match which failures it applies to
 * @param failureClass the class it decides
 * @param owner owner or stakeholder
 * @param steps the steps in markdown
 * @param recipe an optional machine-executable fix
 */
public record KbEntry(
    String id,
    String title,
    KbSource source,
    String sourceRef,
    int version,
    Instant updatedAt,
    KbMatchRule match,
    FailureClass failureClass,
    Owner owner,
    String steps,
    Recipe recipe) {}
