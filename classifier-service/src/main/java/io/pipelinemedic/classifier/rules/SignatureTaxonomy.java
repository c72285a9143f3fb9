package io.pipelinemedic.classifier.rules;

import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Known failure signatures and their default reasoning, for failures that are neither transient nor
 * covered by the KB: errors by their message (packages that cannot be installed, enforced
 * contracts, incremental schema changes, compile errors, missing or renamed columns, type
 * mismatches), tests by their kind (unit tests, unique, not_null, accepted_values, relationships,
 * singular, any generic test), and source freshness. Where the data decides between CODE and SOURCE
 * the signature has no class of its own and asks for diagnostics.
 */
public final class SignatureTaxonomy {

  /**
   * A recognised signature.
   *
   * @param id taxonomy id, e.g. {@code test.accepted_values}
   * @param failureClass the default class, or empty when the data decides
   * @param needsDiagnostics whether warehouse queries should decide, or confirm, the class
   * @param reasoning the default reasoning, one sentence
   */
  public record Signature(
      String id, Optional<FailureClass> failureClass, boolean needsDiagnostics, String reasoning) {}

  private record MessageRule(Pattern pattern, Signature signature) {}

  private static final List<MessageRule> ERRORS =
      List.of(
          rule(
              "was not found in the package index|compatible version for package|Version error"
                  + " for package|Error checking out spec|found at expected path .*\\s+Verify that"
                  + " each entry within packages\\.yml|Found duplicate project",
              "code.packages",
              FailureClass.CODE,
              false,
              "the packages the project declares (packages.yml or dependencies.yml) cannot be"
                  + " installed: a path, a package, a version or a git revision that does not"
                  + " exist"),
          rule(
              "enforced contract that failed",
              "code.contract",
              FailureClass.CODE,
              false,
              "the model no longer returns the columns and types its enforced contract promises"),
          rule(
              "schemas on this incremental model are out of sync",
              "code.incremental_schema_change",
              FailureClass.CODE,
              false,
              "the incremental model's columns changed while on_schema_change is fail: the"
                  + " existing table needs a full refresh or the change another setting"),
          rule(
              "Compilation Error|Parsing Error|is undefined|Syntax error|Parser Error",
              "code.compile",
              FailureClass.CODE,
              false,
              "dbt or the warehouse could not parse or compile the model's code"),
          rule(
              "does not have a column named|Referenced column .* not found|column \\S+ does not"
                  + " exist|Unrecognized name:|invalid identifier",
              "code.missing_column",
              FailureClass.CODE,
              false,
              "the model selects a column that its parent does not have (renamed or removed"
                  + " upstream)"),
          rule(
              "Conversion Error|Could not convert|cannot be cast|invalid input syntax for type"
                  + "|No matching signature for|is not recognized|Invalid cast",
              "code.type_mismatch",
              null,
              true,
              "a value does not fit the type the model expects: new data of another shape, or a"
                  + " cast in the model that is wrong"));

  private SignatureTaxonomy() {}

  /** The signature of a failure, if it is a known one. */
  public static Optional<Signature> classify(Failure failure) {
    if ("source".equals(failure.resourceType())) {
      return Optional.of(
          new Signature(
              "source.freshness",
              Optional.of(FailureClass.SOURCE),
              false,
              "the source stopped loading: its newest row is older than the freshness limit"));
    }
    if ("unit_test".equals(failure.resourceType())) {
      return Optional.of(
          new Signature(
              "test.unit",
              Optional.of(FailureClass.CODE),
              false,
              "the model no longer returns the rows its unit test expects from fixed input rows:"
                  + " its logic changed, whatever the data"));
    }
    if ("test".equals(failure.resourceType())) {
      return Optional.of(test(failure.testName()));
    }
    String message = failure.message() == null ? "" : failure.message();
    return ERRORS.stream()
        .filter(rule -> rule.pattern().matcher(message).find())
        .map(MessageRule::signature)
        .findFirst();
  }

  private static Signature test(String testName) {
    String kind = testName == null ? "singular" : testName.toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "unique" ->
          new Signature(
              "test.unique",
              Optional.empty(),
              true,
              "duplicate keys: already in the source (the data's owner must fix it) or made by a"
                  + " join or union in a model (the code must)");
      case "not_null" ->
          new Signature(
              "test.not_null",
              Optional.empty(),
              true,
              "missing values: already missing in the source, or lost by a model (a join, a"
                  + " mapping that does not know a new value)");
      case "accepted_values" ->
          new Signature(
              "test.accepted_values",
              Optional.of(FailureClass.CODE),
              true,
              "a value the test does not list: the list is the project's knowledge of valid values"
                  + " and learns the new one, unless the value itself is wrong");
      case "relationships" ->
          new Signature(
              "test.relationships",
              Optional.empty(),
              true,
              "orphan keys: the parent rows are missing in the source, or a model filters them"
                  + " out");
      case "singular" ->
          new Signature(
              "test.singular",
              Optional.empty(),
              true,
              "a business rule written as a query failed: the data or the models feeding it"
                  + " changed");
      default ->
          new Signature(
              "test.generic." + kind,
              Optional.empty(),
              true,
              "the generic test " + kind + " failed; the data along its lineage decides why");
    };
  }

  private static MessageRule rule(
      String regex, String id, FailureClass failureClass, boolean diagnostics, String reasoning) {
    return new MessageRule(
        Pattern.compile(regex, Pattern.CASE_INSENSITIVE),
        new Signature(id, Optional.ofNullable(failureClass), diagnostics, reasoning));
  }
}
