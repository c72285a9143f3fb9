package io.pipelinemedic.kb.store;

import io.pipelinemedic.kb.entry.ParsedEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What applying a source's entries changed in the store.
 *
 * @param created entries new to the store (or back after a deletion)
 * @param updated entries with a new version
 * @param unchanged entries whose content was already stored
 * @param deleted entries removed
 * @param invalid entries left as they were, with their problems
 */
public record SyncCounts(
    int created, int updated, int unchanged, int deleted, List<ParsedEntry.Invalid> invalid) {

  /** Nothing changed. */
  public static final SyncCounts NONE = new SyncCounts(0, 0, 0, 0, List.of());

  /** The sum of two counts. */
  public SyncCounts plus(SyncCounts other) {
    List<ParsedEntry.Invalid> problems = new ArrayList<>(invalid);
    problems.addAll(other.invalid);
    return new SyncCounts(
        created + other.created,
        updated + other.updated,
        unchanged + other.unchanged,
        deleted + other.deleted,
        problems);
  }

  static SyncCounts of(Change change, ParsedEntry.Invalid invalid) {
    return switch (change) {
      case CREATED -> new SyncCounts(1, 0, 0, 0, List.of());
      case UPDATED -> new SyncCounts(0, 1, 0, 0, List.of());
      case UNCHANGED -> new SyncCounts(0, 0, 1, 0, List.of());
      case DELETED -> new SyncCounts(0, 0, 0, 1, List.of());
      case INVALID -> new SyncCounts(0, 0, 0, 0, List.of(invalid));
    };
  }

  /** What happened to one entry. */
  enum Change {
    CREATED,
    UPDATED,
    UNCHANGED,
    DELETED,
    INVALID
  }
}
