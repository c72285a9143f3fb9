package io.pipelinemedic.runner.fix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.schemas.model.Failure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which accepted_values lists a new value must join besides the failing one: those of the same
 * domain below the root cause (a mart's copy, a superset, of the same or a derived column), not a
 * narrower list, not another column's, not one upstream, beside it or in another package; and each
 * list gets only the values of the failing lists it contains.
 */
class AcceptedValuesListsTest {

  private static final List<String> STATUSES = List.of("placed", "paid", "shipped");
  private static final List<String> CURRENCIES = List.of("EUR", "USD");
  private static final String STAGING = "test.shop.accepted_values_stg_orders_status.1";
  private static final String CURRENCY = "test.shop.accepted_values_stg_orders_currency.7";

  private final Map<String, ManifestNode> nodes = new HashMap<>();

  @Test
  void theSameListBelowTheRootCauseJoinsAndANarrowerOrUnrelatedOneDoesNot() {
    model("model.shop.stg_orders", "model.shop.raw_orders");
    model("model.shop.fct_orders", "model.shop.stg_orders");
    model("model.shop.mart_shipping", "model.shop.fct_orders");
    model("model.shop.dim_other", "model.shop.raw_orders");
    model("snapshot.shop.orders_snapshot", "model.shop.stg_orders");
    model("model.vendor_pkg.vendor_orders", "model.shop.stg_orders");
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
        "status",
        List.of("shipped"));
    test(
        "test.shop.accepted_values_dim_other_status.5", "model.shop.dim_other", "status", STATUSES);
    test(
        "test.shop.accepted_values_raw_orders_status.6",
        "model.shop.raw_orders",
        "status",
        STATUSES);
    test("test.shop.accepted_values_fct_orders_kind.8", "model.shop.fct_orders", "kind", STATUSES);
    test(
        "test.shop.accepted_values_orders_snapshot_status.9",
        "snapshot.shop.orders_snapshot",
        "status",
        STATUSES);
    test(
        "test.vendor_pkg.accepted_values_vendor_orders_status.10",
        "model.vendor_pkg.vendor_orders",
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
                "order_status",
                Set.copyOf(STATUSES),
                List.of(STAGING)));
  }

  @Test
  void eachListGetsOnlyTheValuesOfTheFailingListsItContains() {
    model("model.shop.stg_orders", "model.shop.raw_orders");
    model("model.shop.fct_orders", "model.shop.stg_orders");
    test(STAGING, "model.shop.stg_orders", "status", STATUSES);
    test(CURRENCY, "model.shop.stg_orders", "currency", CURRENCIES);
    test(
        "test.shop.accepted_values_fct_orders_order_status.2",
        "model.shop.fct_orders",
        "order_status",
        STATUSES);
    test(
        "test.shop.accepted_values_fct_orders_currency.3",
        "model.shop.fct_orders",
        "currency",
        CURRENCIES);

    List<AcceptedValuesLists.ValuesList> lists =
        AcceptedValuesLists.downstream(
            new Manifest(nodes, Map.of()),
            "model.shop.stg_orders",
            List.of(failing(STAGING), failing(CURRENCY)));

    assertThat(lists)
        .extracting(AcceptedValuesLists.ValuesList::failing)
        .containsExactly(List.of(CURRENCY), List.of(STAGING));
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
            id.substring(0, id.indexOf('.')),
            id.substring(id.lastIndexOf('.') + 1),
            "models/x.sql",
            null,
            null,
            null,
            null,
            List.of(parent),
            null,
            null,
            null));
  }

  private void test(String id, String attached, String column, List<String> values) {
    nodes.put(
        id,
        new ManifestNode(
            id,
            "test",
            id,
            "models/schema.yml",
            null,
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
            null,
            null));
  }

  private Failure failing(String id) {
    ManifestNode.TestInfo test = nodes.get(id).test();
    return new Failure(
        id,
        "test",
        id,
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
