package io.pipelinemedic.runner.fix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Node identities across a fix. */
class VerifierTest {

  @Test
  void aGenericTestKeepsItsIdentityWhenItsArgumentsChange() {
    assertThat(
            Verifier.identity(
                "test.shop.accepted_values_stg_orders_status__placed__paid__cancelled.a619e14130"))
        .isEqualTo(
            Verifier.identity(
                "test.shop.accepted_values_stg_orders_status__placed__paid__cancelled__on_hold.0b1c2d3e4f"))
        .isEqualTo("test.shop.accepted_values_stg_orders_status");
  }

  @Test
  void otherNodesAreThemselves() {
    assertThat(Verifier.identity("test.shop.not_null_stg_orders_order_id.6b9e3a1f20"))
        .isEqualTo("test.shop.not_null_stg_orders_order_id");
    assertThat(Verifier.identity("test.shop.assert_product_line_revenue_reconciles"))
        .isEqualTo("test.shop.assert_product_line_revenue_reconciles");
    assertThat(Verifier.identity("model.shop.stg_orders")).isEqualTo("model.shop.stg_orders");
    assertThat(Verifier.identity("test.shop.not_null_stg_orders_order_id.6b9e3a1f20"))
        .isNotEqualTo(Verifier.identity("test.shop.not_null_stg_orders_customer_id.6b9e3a1f21"));
  }
}
