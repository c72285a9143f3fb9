package io.pipelinemedic.kb.entry;

import io.pipelinemedic.schemas.model.KbEntry;
import java.util.List;

/** What a source's entry turned out to be: valid, invalid with reasons, or gone. */
public sealed interface ParsedEntry {

  /** The entry id. */
  String id();

  /**
   * A valid entry; its version is set by the store.
   *
   * @param entry the entry
   */
  record Valid(KbEntry entry) implements ParsedEntry {
    @Override
    public String id() {
      return entry.id();
    }
  }

  /**
   * An entry that cannot be published as written.
   *
   * @param id entry id
   * @param sourceRef where it is
   * @param problems what is wrong, one sentence each
   */
  record Invalid(String id, String sourceRef, List<String> problems) implements ParsedEntry {}

  /**
   * An entry deleted or trashed at its source.
   *
   * @param id entry id
   */
  record Removed(String id) implements ParsedEntry {}
}
