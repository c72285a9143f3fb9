package io.pipelinemedic.service.retry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The one retry mechanism for calls to other systems: an attempt that fails with {@link Retryable}
 * is repeated after an exponential backoff (or the other side's own {@code Retry-After}, capped),
 * until the attempts run out; any other failure ends at once. Blocking.
 */
public final class Retries {

  private static final Logger LOG = Logger.getLogger(Retries.class);

  /**
   * How often and how patiently.
   *
   * @param attempts attempts in all, the first included
   * @param initialBackoff the wait before the second attempt; doubles after each
   * @param maxBackoff the longest wait, an honoured {@code Retry-After} included
   */
  public record Policy(int attempts, Duration initialBackoff, Duration maxBackoff) {}

  /** One attempt. */
  @FunctionalInterface
  public interface Attempt<T> {
    T call() throws IOException;
  }

  /** A failure worth another attempt; {@code retryAfter} is the other side's wait, when it said. */
  public static final class Retryable extends IOException {

    private final transient Duration retryAfter;

    public Retryable(String message, Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  private Retries() {}

  /**
   * Calls {@code attempt} until it succeeds, fails for good, or has been tried {@code
   * policy.attempts()} times; then the last failure is thrown.
   *
   * @param what what is attempted, for the log
   */
  public static <T> T call(Policy policy, String what, Attempt<T> attempt) throws IOException {
    Duration backoff = policy.initialBackoff();
    for (int tried = 1; ; tried++) {
      try {
        return attempt.call();
      } catch (Retryable e) {
        if (tried >= policy.attempts()) {
          throw e;
        }
        Duration wait = min(e.retryAfter() != null ? e.retryAfter() : backoff, policy.maxBackoff());
        LOG.warnf("%s: %s; attempt %d in %d ms", what, e.getMessage(), tried + 1, wait.toMillis());
        sleep(wait);
        backoff = min(backoff.multipliedBy(2), policy.maxBackoff());
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Waits, or says it was interrupted as an {@link InterruptedIOException}. */
  public static void sleep(Duration duration) throws InterruptedIOException {
    try {
      Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
