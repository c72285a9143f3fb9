package io.pipelinemedic.ingest.intake;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Lenient reading of the reporters' timestamps: an unreadable time is absent, not an error. */
public final class Times {

  private Times() {}

  /** An RFC 3339 time with {@code Z} or an offset, or null when absent or unreadable. */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
