package io.pipelinemedic.kb.sync;

import io.pipelinemedic.kb.entry.ParsedEntry;
import java.io.IOException;
import java.util.List;

/** One place where a team keeps its KB; read in batches that the store applies one by one. */
public interface SourceReader {

  /** Receives a batch of entries; the store applies it in one transaction. */
  interface Batches {
    void accept(List<ParsedEntry> batch) throws IOException;
  }

  /**
   * What a reading covered.
   *
   * @param cursor where the next incremental reading starts (an edit time, a commit id)
   * @param complete whether every entry of the source was read, so that the ones not seen are gone
   * @param incompleteReason why a reading that was to be complete is not, or {@code null}
   */
  record Reading(String cursor, boolean complete, String incompleteReason) {}

  /** Whether the source is configured. */
  boolean configured();

  /**
   * Reads the entries changed since {@code cursor}, or all of them when {@code full} or when there
   * is no cursor yet, handing them to {@code batches}.
   */
  Reading read(String cursor, boolean full, Batches batches) throws IOException;
}
