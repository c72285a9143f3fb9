package io.pipelinemedic.publisher.publication;

/**
 * One outcome's delivery on one channel.
 *
 * @param status how it ended
 * @param receipt what the channel left, when delivered
 * @param failure why it was given up, when failed
 */
public record Delivery<R>(DeliveryStatus status, R receipt, String failure) {

  public boolean delivered() {
    return status == DeliveryStatus.DELIVERED;
  }

  /** The receipt when delivered, else {@code null}. */
  public R receiptOrNull() {
    return delivered() ? receipt : null;
  }
}
