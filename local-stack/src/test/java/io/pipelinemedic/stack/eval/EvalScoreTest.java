package io.pipelinemedic.stack.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval's scoring rule on events as the system publishes them. */
class EvalScoreTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aRecipeNightRightOnEveryCount() throws Exception {
    Scenario scenario =
        scenario(
            "CODE",
            "RECIPE",
            "model.shop.stg_orders",
            null,
            "test.shop.accepted_values_stg_orders");
    JsonNode classified =
        json(
            "{\"groups\": [{\"groupId\": \"stg-orders\", \"rootCauseNode\": \"model.shop.stg_orders\","
                + " \"failureClass\": \"CODE\", \"action\": \"RECIPE\","
                + " \"failures\": [\"test.shop.accepted_values_stg_orders.0123456789\"]}]}");
    List<JsonNode> fixes =
        List.of(
            json(
                "{\"groupId\": \"stg-orders\", \"outcome\": \"VERIFIED\","
                    + " \"change\": {\"branch\": \"medic/inc-1-stg-orders\"}}"));

    EvalScore score = EvalScore.of(scenario, classified, fixes, List.of(), true, Duration.ZERO);

    assertThat(score.right()).isTrue();
    assertThat(score.fixVerified()).isTrue();
    assertThat(score.ownerRight()).isNull();
    assertThat(EvalScore.pushed(scenario, classified, fixes))
        .isEqualTo(new EvalScore.Pushed("stg-orders", "medic/inc-1-stg-orders"));
    assertThat(EvalScore.of(scenario, classified, fixes, List.of(), false, Duration.ZERO).right())
        .as("verified, but production built from the branch fails")
        .isFalse();
  }

  @Test
  void theGroupCoveringTheExpectedFailuresIsJudged() throws Exception {
    Scenario scenario =
        scenario(
            "SOURCE",
            "REPORT",
            "source.shop.shop.orders",
            "shop-platform@shop.example",
            "test.shop.not_null_stg_orders_customer_id");
    JsonNode classified =
        json(
            "{\"groups\": [{\"groupId\": \"other\", \"rootCauseNode\": \"model.shop.x\","
                + " \"failureClass\": \"CODE\", \"action\": \"AGENT\", \"failures\": [\"model.shop.x\"]},"
                + " {\"groupId\": \"orders\", \"rootCauseNode\": \"source.shop.shop.orders\","
                + " \"failureClass\": \"SOURCE\", \"action\": \"REPORT\", \"failures\": [],"
                + " \"cascades\": [\"test.shop.not_null_stg_orders_customer_id.aaaaaaaaaa\"]}]}");
    JsonNode toOwner =
        json("{\"groupId\": \"orders\", \"email\": {\"to\": \"Shop-Platform@shop.example\"}}");
    JsonNode toSomeoneElse =
        json("{\"groupId\": \"orders\", \"email\": {\"to\": \"analytics@shop.example\"}}");

    EvalScore right =
        EvalScore.of(scenario, classified, List.of(), List.of(toOwner), null, Duration.ZERO);
    EvalScore wrongOwner =
        EvalScore.of(scenario, classified, List.of(), List.of(toSomeoneElse), null, Duration.ZERO);

    assertThat(right.classRight()).isTrue();
    assertThat(right.rootCauseRight()).isTrue();
    assertThat(right.ownerRight()).isTrue();
    assertThat(right.groups()).isEqualTo(2);
    assertThat(right.right()).as("two root causes where the truth has one").isFalse();
    assertThat(wrongOwner.ownerRight()).isFalse();
  }

  @Test
  void aCodeNightWithoutAVerifiedFixAndANightNeverClassified() throws Exception {
    Scenario scenario =
        scenario("CODE", "AGENT", "model.shop.stg_customers", null, "model.shop.dim_customers");
    JsonNode classified =
        json(
            "{\"groups\": [{\"groupId\": \"stg-customers\", \"rootCauseNode\":"
                + " \"model.shop.stg_customers\", \"failureClass\": \"CODE\", \"action\":"
                + " \"AGENT\", \"failures\": [\"model.shop.dim_customers\"]}]}");
    JsonNode failed = json("{\"groupId\": \"stg-customers\", \"outcome\": \"FIX_FAILED\"}");

    EvalScore agentless =
        EvalScore.of(scenario, classified, List.of(failed), List.of(), null, Duration.ZERO);
    EvalScore lost = EvalScore.of(scenario, null, List.of(), List.of(), null, Duration.ZERO);

    assertThat(agentless.classRight() && agentless.rootCauseRight()).isTrue();
    assertThat(agentless.fixVerified()).isFalse();
    assertThat(agentless.productionGreen()).isNull();
    assertThat(agentless.right()).isFalse();
    assertThat(lost.groups()).isZero();
    assertThat(lost.classRight() || lost.rootCauseRight() || lost.actionRight()).isFalse();
  }

  private Scenario scenario(
      String failureClass, String action, String root, String owner, String failure)
      throws Exception {
    Files.writeString(
        dir.resolve("scenario.yml"),
        "description: a night\nexpected:\n  class: "
            + failureClass
            + "\n  action: "
            + action
            + "\n  root_cause: "
            + root
            + "\n  failures: ["
            + failure
            + "]\n  fix: the fix\n"
            + (owner == null ? "" : "  owner: " + owner + "\n"));
    return Scenario.load(dir);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
