package io.pipelinemedic.kb.entry;

import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.KbMatchRule;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Decides which KB entries apply to a failure. Every criterion an entry gives must hold: a test
 * name glob against the generic test's name or the node's name, a node glob against the failing
 * node or the node its test is attached to, a regular expression found in the message. An entry
 * without criteria matches nothing. {@code matchedOn} names the most specific criterion that held.
 */
public final class KbMatcher {

  /**
   * What a rule is matched against: the failure's identity and message.
   *
   * @param uniqueId the failing node
   * @param testName the generic test's name, for tests
   * @param name the node's name
   * @param attachedNode the node a test is attached to
   * @param message dbt's or the database's message
   */
  public record Subject(
      String uniqueId, String testName, String name, String attachedNode, String message) {

    /** The subject of a failure. */
    public static Subject of(Failure failure) {
      return new Subject(
          failure.uniqueId(),
          failure.testName(),
          failure.name(),
          failure.attachedNode(),
          failure.message());
    }
  }

  private KbMatcher() {}

  /** The entries of {@code kb} that match {@code failure}, ordered by entry id. */
  public static List<KbMatch> matches(Collection<KbEntry> kb, Failure failure) {
    return matches(kb, Subject.of(failure));
  }

  /** The entries of {@code kb} that match {@code subject}, ordered by entry id. */
  public static List<KbMatch> matches(Collection<KbEntry> kb, Subject subject) {
    return kb.stream()
        .sorted(Comparator.comparing(KbEntry::id))
        .flatMap(entry -> match(entry, subject).stream())
        .toList();
  }

  /** The match of one entry, if it applies to {@code failure}. */
  public static Optional<KbMatch> match(KbEntry entry, Failure failure) {
    return match(entry, Subject.of(failure));
  }

  /** The match of one entry, if it applies to {@code subject}. */
  public static Optional<KbMatch> match(KbEntry entry, Subject subject) {
    KbMatchRule rule = entry.match();
    if (rule == null
        || (rule.testNames().isEmpty()
            && rule.nodePattern() == null
            && rule.messagePattern() == null)) {
      return Optional.empty();
    }
    String matchedOn = null;
    if (!rule.testNames().isEmpty()) {
      if (rule.testNames().stream()
          .noneMatch(glob -> globMatches(glob, subject.testName(), subject.name()))) {
        return Optional.empty();
      }
      matchedOn = "test_name";
    }
    if (rule.nodePattern() != null) {
      if (!globMatches(rule.nodePattern(), subject.uniqueId(), subject.attachedNode())) {
        return Optional.empty();
      }
      matchedOn = "node";
    }
    if (rule.messagePattern() != null) {
      if (subject.message() == null || !find(rule.messagePattern(), subject.message())) {
        return Optional.empty();
      }
      matchedOn = "message";
    }
    return Optional.of(new KbMatch(entry.id(), entry.version(), entry.title(), matchedOn));
  }

  /** Whether {@code glob} ({@code *} any run of characters, {@code ?} one) matches a candidate. */
  static boolean globMatches(String glob, String... candidates) {
    Pattern pattern = Pattern.compile(globToRegex(glob), Pattern.CASE_INSENSITIVE);
    return Stream.of(candidates)
        .anyMatch(candidate -> candidate != null && pattern.matcher(candidate).matches());
  }

  private static String globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String literal : glob.split("(?<=[*?])|(?=[*?])")) {
      switch (literal) {
        case "*" -> regex.append(".*");
        case "?" -> regex.append('.');
        default -> regex.append(Pattern.quote(literal));
      }
    }
    return regex.toString();
  }

  /** A malformed expression (kb-sync rejects them) matches nothing rather than failing a run. */
  private static boolean find(String regex, String message) {
    try {
      return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
          .matcher(message)
          .find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}
