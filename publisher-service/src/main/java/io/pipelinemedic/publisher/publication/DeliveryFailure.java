package io.pipelinemedic.publisher.publication;

import java.io.IOException;
import java.time.Duration;

/**
 * A channel's answer to a delivery that failed: worth retrying (after a wait) or refused for good.
 */
public class DeliveryFailure extends IOException {

  private final boolean retryable;
  private final Duration retryAfter;

  private DeliveryFailure(String message, boolean retryable, Duration retryAfter) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** The channel is down or busy; {@code retryAfter} is its own wait, when it said one. */
  public static DeliveryFailure retryable(String message, Duration retryAfter) {
    return new DeliveryFailure(message, true, retryAfter);
  }

  /** The channel refused the delivery: the same request would be refused again. */
  public static DeliveryFailure refused(String message) {
    return new DeliveryFailure(message, false, Duration.ZERO);
  }

  public boolean retryable() {
    return retryable;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
