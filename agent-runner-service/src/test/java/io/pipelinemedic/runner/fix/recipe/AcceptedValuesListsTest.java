package io.pipelinemedic.runner.fix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.schemas.model.Failure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which accepted_values lists a new value must join besides the failing one: those of the same
 * domain below the root cause (a mart's copy, a superset), not a narrower list, not one upstream or
 * beside it.
 */
class AcceptedValuesListsTest {

  private static final List<String> STATUSES = List.of("placed", "paid", "shipped");
  private static final String STAGING = "test.shop.accepted_values_stg_orders_status.1";

  private final Map<String, ManifestNode> nodes = new HashMap<>();

  @Test
  void theSameListBelowTheRootCauseJoinsAndANarrowerOneDoesNot() {
    model("model.shop.stg_orders", "model.shop.raw_orders");
    model("model.shop.fct_orders", "model.shop.stg_orders");
    model("model.shop.mart_shipping", "model.shop.fct_orders");
    model("model.shop.dim_other", "model.shop.raw_orders");
    test(STAGING, "model.shop.stg_orders", "status", STATUSES);
    test(
        "test.shop.accepted_values_fct_orders_order_status.2",
        "model.shop.fct_orders",
        "order_status",
        STATUSES);
    test(
        "test.shop.accepted_values_mart_shipping_status.3",
        "model.shop.mart_shipping",
        "status",
        List.of("placed", "paid", "shipped", "refunded"));
    test(
        "test.shop.accepted_values_mart_shipping_state.4",
        "model.shop.mart_shipping",
        "state",
        List.of("shipped"));
    test(
        "test.shop.accepted_values_dim_other_status.5", "model.shop.dim_other", "status", STATUSES);
    test(
        "test.shop.accepted_values_raw_orders_status.6",
        "model.shop.raw_orders",
        "status",
        STATUSES);

    List<AcceptedValuesLists.ValuesList> lists =
        AcceptedValuesLists.downstream(
            new Manifest(nodes, Map.of()), "model.shop.stg_orders", List.of(failing(STAGING)));

    assertThat(lists)
        .extracting(AcceptedValuesLists.ValuesList::testId)
        .containsExactly(
            "test.shop.accepted_values_fct_orders_order_status.2",
            "test.shop.accepted_values_mart_shipping_status.3");
    assertThat(lists.get(0))
        .isEqualTo(
            new AcceptedValuesLists.ValuesList(
                "test.shop.accepted_values_fct_orders_order_status.2",
                "models/schema.yml",
                "model.shop.fct_orders",
                "order_status"));
  }

  @Test
  void aFailingListIsNotItsOwnCopy() {
    model("model.shop.stg_orders", "model.shop.raw_orders");
    test(STAGING, "model.shop.stg_orders", "status", STATUSES);

    assertThat(
            AcceptedValuesLists.downstream(
                new Manifest(nodes, Map.of()), "model.shop.stg_orders", List.of(failing(STAGING))))
        .isEmpty();
  }

  @Test
  void onlyTestsThatMayBeAcceptedValuesAreReadInDetail() {
    assertThat(AcceptedValuesLists.mayBeOne(STAGING)).isTrue();
    assertThat(AcceptedValuesLists.mayBeOne("test.shop.not_null_stg_orders_id.1")).isFalse();
    assertThat(AcceptedValuesLists.mayBeOne("model.shop.accepted_values_report")).isFalse();
  }

  private void model(String id, String parent) {
    nodes.put(
        id,
        new ManifestNode(
            id,
            "model",
            id.substring(11),
            "models/x.sql",
            null,
            null,
            null,
            List.of(parent),
            null,
            null));
  }

  private void test(String id, String attached, String column, List<String> values) {
    nodes.put(
        id,
        new ManifestNode(
            id,
            "test",
            id.substring(10),
            "models/schema.yml",
            null,
            null,
            null,
            List.of(attached),
            new ManifestNode.TestInfo(
                "accepted_values",
                Map.of("values", values, "column_name", column),
                column,
                attached,
                null),
            null));
  }

  private Failure failing(String id) {
    ManifestNode.TestInfo test = nodes.get(id).test();
    return new Failure(
        id,
        "test",
        id.substring(10),
        "accepted_values",
        null,
        "fail",
        "Got 1 result",
        1L,
        "select 1",
        null,
        "models/schema.yml",
        null,
        test.columnName(),
        test.kwargs(),
        "ERROR",
        test.attachedNode(),
        null,
        List.of(),
        List.of(),
        List.of());
  }
}
