package io.pipelinemedic.classifier.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.classifier.Fixtures;
import io.pipelinemedic.schemas.model.Failure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grouping on hand-built DAGs: chains, diamonds, several roots, unrelated branches. */
class RootCauseGroupingTest {

  @Test
  void aTestDownstreamOfAFailingTestIsItsCascade() {
    Failure staging = test("accepted_values_stg_orders_status", "model.shop.stg_orders");
    Failure mart =
        test(
            "accepted_values_fct_orders_order_status", "model.shop.fct_orders", staging.uniqueId());

    List<RootCauseGrouping.Group> groups = RootCauseGrouping.group(List.of(mart, staging));

    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).rootCauseNode()).isEqualTo("model.shop.stg_orders");
    assertThat(groups.get(0).roots()).containsExactly(staging);
    assertThat(groups.get(0).cascades()).containsExactly(mart.uniqueId());
    assertThat(groups.get(0).failureIds()).containsExactly(staging.uniqueId(), mart.uniqueId());
  }

  @Test
  void aDiamondBelowOneFailingSourceIsOneGroup() {
    Failure source = test("source_not_null_shop_orders_customer_id", "source.shop.shop.orders");
    Failure left = model("model.shop.int_orders", source.uniqueId());
    Failure right = model("model.shop.int_payments", source.uniqueId());
    Failure bottom =
        test(
            "unique_fct_orders_order_id",
            "model.shop.fct_orders",
            source.uniqueId(),
            left.uniqueId(),
            right.uniqueId());

    List<RootCauseGrouping.Group> groups =
        RootCauseGrouping.group(List.of(bottom, right, left, source));

    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).rootCauseNode()).isEqualTo("source.shop.shop.orders");
    assertThat(groups.get(0).cascades())
        .containsExactlyInAnyOrder(left.uniqueId(), right.uniqueId(), bottom.uniqueId());
  }

  @Test
  void aFailureBelowTwoFailingRootsIsExplainedByBoth() {
    Failure orders = model("model.shop.stg_orders");
    Failure payments = model("model.shop.stg_payments");
    Failure joined =
        test(
            "unique_fct_orders_order_id",
            "model.shop.fct_orders",
            orders.uniqueId(),
            payments.uniqueId());

    List<RootCauseGrouping.Group> groups =
        RootCauseGrouping.group(List.of(joined, payments, orders));

    assertThat(groups)
        .extracting(RootCauseGrouping.Group::rootCauseNode)
        .containsExactly("model.shop.stg_orders", "model.shop.stg_payments");
    assertThat(groups)
        .allSatisfy(group -> assertThat(group.cascades()).containsExactly(joined.uniqueId()));
  }

  @Test
  void failuresInUnrelatedBranchesAreSeparateGroupsWithoutCascades() {
    Failure fx = model("model.shop.stg_fx_rates");
    Failure customers = test("unique_dim_customers_customer_id", "model.shop.dim_customers");

    List<RootCauseGrouping.Group> groups = RootCauseGrouping.group(List.of(fx, customers));

    assertThat(groups)
        .extracting(RootCauseGrouping.Group::rootCauseNode)
        .containsExactly("model.shop.dim_customers", "model.shop.stg_fx_rates");
    assertThat(groups).allSatisfy(group -> assertThat(group.cascades()).isEmpty());
  }

  @Test
  void rootsAboutTheSameNodeShareTheirGroupAndItsCascades() {
    Failure unique = test("unique_stg_order_lines_order_line_id", "model.shop.stg_order_lines");
    Failure notNull = test("not_null_stg_order_lines_sku", "model.shop.stg_order_lines");
    Failure mart =
        test(
            "unique_fct_order_lines_order_line_id",
            "model.shop.fct_order_lines",
            unique.uniqueId());

    List<RootCauseGrouping.Group> groups = RootCauseGrouping.group(List.of(unique, notNull, mart));

    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).roots()).containsExactly(unique, notNull);
    assertThat(groups.get(0).cascades()).containsExactly(mart.uniqueId());
  }

  @Test
  void anUpstreamFailureOutsideTheRunDoesNotMakeACascade() {
    Failure lonely = test("unique_fct_orders_order_id", "model.shop.fct_orders", "test.shop.gone");

    List<RootCauseGrouping.Group> groups = RootCauseGrouping.group(List.of(lonely));

    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).roots()).containsExactly(lonely);
  }

  private static Failure test(String name, String attachedNode, String... upstream) {
    return Fixtures.failure(
        "test.shop." + name, "test", null, "fail", null, attachedNode, List.of(upstream));
  }

  private static Failure model(String uniqueId, String... upstream) {
    return Fixtures.failure(uniqueId, "model", null, "error", null, null, List.of(upstream));
  }
}
