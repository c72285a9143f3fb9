package io.pipelinemedic.kb.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.KbMatchRule;
import io.pipelinemedic.schemas.model.KbSource;
import io.pipelinemedic.schemas.model.TestKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KbMatcherTest {

  private static final Failure ACCEPTED_VALUES =
      failure(
          "test.shop.accepted_values_stg_orders_status__placed__shipped.1a2b3c",
          "accepted_values",
          "model.shop.stg_orders",
          "Got 1 result, configured to fail if != 0");
  private static final Failure LOCKED =
      failure(
          "model.shop.stg_fx_rates",
          null,
          null,
          "IO Error: Could not set lock on file \"fx.duckdb\": Conflicting lock is held");

  @Test
  void everyGivenCriterionMustHold() {
    KbEntry statuses = entry("kb-statuses", List.of("accepted_values"), "model.shop.stg_*", null);
    KbEntry otherModel = entry("kb-other", List.of("accepted_values"), "model.shop.fct_*", null);

    assertThat(KbMatcher.matches(List.of(otherModel, statuses), ACCEPTED_VALUES))
        .extracting(KbMatch::entryId, KbMatch::matchedOn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("kb-statuses", "node"));
  }

  @Test
  void testNameGlobsMatchTheGenericTestOrTheNodeName() {
    assertThat(KbMatcher.match(entry("a", List.of("accepted_*"), null, null), ACCEPTED_VALUES))
        .map(KbMatch::matchedOn)
        .contains("test_name");
    assertThat(
            KbMatcher.match(
                entry("b", List.of("accepted_values_stg_orders_*"), null, null), ACCEPTED_VALUES))
        .isPresent();
    assertThat(KbMatcher.match(entry("c", List.of("unique"), null, null), ACCEPTED_VALUES))
        .isEmpty();
  }

  @Test
  void aMessageSignatureIsARegularExpressionFoundInTheMessage() {
    KbEntry lock = entry("kb-lock", List.of(), null, "could not set lock on file");
    assertThat(KbMatcher.match(lock, LOCKED)).map(KbMatch::matchedOn).contains("message");
    assertThat(KbMatcher.match(lock, ACCEPTED_VALUES)).isEmpty();
  }

  @Test
  void anEntryWithoutCriteriaOrWithABrokenExpressionMatchesNothing() {
    assertThat(KbMatcher.match(entry("empty", List.of(), null, null), LOCKED)).isEmpty();
    assertThat(KbMatcher.match(entry("broken", List.of(), null, "lock ("), LOCKED)).isEmpty();
  }

  @Test
  void globCharactersOtherThanStarAndQuestionMarkAreLiterals() {
    assertThat(KbMatcher.globMatches("model.shop.stg_*", "model.shop.stg_orders")).isTrue();
    assertThat(KbMatcher.globMatches("model.shop.stg_*", "modelXshop.stg_orders")).isFalse();
    assertThat(KbMatcher.globMatches("stg_order?", "stg_orders")).isTrue();
    assertThat(KbMatcher.globMatches("stg_order?", (String) null)).isFalse();
  }

  private static KbEntry entry(String id, List<String> tests, String node, String message) {
    return new KbEntry(
        id,
        "Entry " + id,
        KbSource.GIT,
        "kb/" + id + ".md",
        2,
        null,
        new KbMatchRule(tests, node, message),
        FailureClass.CODE,
        null,
        "Steps.",
        null);
  }

  private static Failure failure(String id, String testName, String attached, String message) {
    return new Failure(
        id,
        id.substring(0, id.indexOf('.')),
        id.split("\\.")[2],
        testName,
        testName == null ? null : TestKind.GENERIC,
        testName == null ? "error" : "fail",
        message,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(),
        null,
        attached,
        null,
        List.of(),
        List.of(),
        List.of());
  }
}
