package io.pipelinemedic.schemas.model;

import java.util.List;

/** Normalises absent lists of event records to empty, immutable lists. */
public final class Lists {

  private Lists() {}

  /** {@code list} as an immutable copy, or an empty list when it is absent. */
  public static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
