package io.pipelinemedic.kb.sync;

import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.schemas.model.KbSource;
import java.time.Instant;
import java.util.List;

/**
 * What one sync of a source did.
 *
 * @param source the source
 * @param full whether every entry was asked for
 * @param complete whether every entry was read, so missing ones were removed
 * @param incomplete why a full reading did not read every entry (nothing was then removed), or
 *     {@code null}
 * @param cursor where the next incremental sync starts
 * @param created entries new to the store
 * @param updated entries with a new version
 * @param unchanged entries read again as they were
 * @param deleted entries removed (deleted, trashed, or gone from a complete reading)
 * @param invalid entries not published, with their problems
 * @param published changes published to {@code kb.entries} at the end of the sync
 * @param startedAt when the sync started
 * @param durationMs how long it took
 */
public record SyncReport(
    KbSource source,
    boolean full,
    boolean complete,
    String incomplete,
    String cursor,
    int created,
    int updated,
    int unchanged,
    int deleted,
    List<ParsedEntry.Invalid> invalid,
    int published,
    Instant startedAt,
    long durationMs) {}
