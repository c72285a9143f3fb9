package io.pipelinemedic.publisher.publication;

/** How one outcome's delivery on one channel ended. */
public enum DeliveryStatus {
  /** The channel took it; its receipt is kept. */
  DELIVERED,
  /** Given up after its attempts, or refused; the outcome was dead-lettered with the cause. */
  FAILED
}
