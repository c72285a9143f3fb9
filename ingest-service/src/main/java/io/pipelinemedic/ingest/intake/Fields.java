package io.pipelinemedic.ingest.intake;

import java.util.ArrayList;
import java.util.List;

/** Collects the names of required payload fields that are absent or blank. */
public final class Fields {

  private final List<String> missing = new ArrayList<>();

  public Fields require(String name, Object value) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      missing.add(name);
    }
    return this;
  }

  public List<String> missing() {
    return List.copyOf(missing);
  }
}
