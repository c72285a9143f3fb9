package io.pipelinemedic.ingest.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects what is wrong with a payload's fields: required ones absent or blank, and ids that are
 * not the digits the sender's API uses (such an id later becomes part of a URL, so anything else is
 * refused at the door).
 */
public final class Fields {

  private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");

  private final List<String> missing = new ArrayList<>();
  private final List<String> notDigits = new ArrayList<>();

  public Fields require(String name, Object value) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      missing.add(name);
    }
    return this;
  }

  /** A present id must be digits; an absent one is for {@link #require} to report. */
  public Fields digits(String name, String value) {
    if (value != null && !value.isBlank() && !DIGITS.matcher(value).matches()) {
      notDigits.add(name);
    }
    return this;
  }

  /** One sentence per kind of problem; empty when the payload is complete and well formed. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add("missing required field(s): " + String.join(", ", missing));
    }
    if (!notDigits.isEmpty()) {
      problems.add("not an id of digits: " + String.join(", ", notDigits));
    }
    return problems;
  }
}
