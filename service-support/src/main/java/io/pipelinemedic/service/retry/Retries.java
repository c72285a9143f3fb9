package io.pipelinemedic.service.retry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The one retry mechanism for calls to other systems: an attempt that fails with {@link Retryable}
 * is repeated after an exponential backoff, or after exactly the other side's own {@code
 * Retry-After} (never earlier; one longer than allowed ends the call), until the attempts run out;
 * any other failure ends at once. Blocking.
 */
public final class Retries {

  private static final Logger LOG = Logger.getLogger(Retries.class);

  /**
   * How often and how patiently.
   *
   * @param attempts attempts in all, the first included
   * @param initialBackoff the wait before the second attempt; doubles after each
   * @param maxBackoff the longest backoff of our own
   * @param maxRetryAfter the longest {@code Retry-After} honoured; the other side asking for more
   *     ends the call then, rather than trying again before it said
   */
  public record Policy(
      int attempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {}

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
   * policy.attempts()} times; then the last failure is thrown. A wait asked for that is longer than
   * allowed ends the call at once with an {@link IOException} that says so.
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
        if (e.retryAfter() != null && e.retryAfter().compareTo(policy.maxRetryAfter()) > 0) {
          throw new IOException(
              what
                  + ": "
                  + e.getMessage()
                  + "; asked to wait "
                  + e.retryAfter().toSeconds()
                  + " s, longer than the "
                  + policy.maxRetryAfter().toSeconds()
                  + " s allowed, so not tried again now",
              e);
        }
        Duration wait = e.retryAfter() != null ? e.retryAfter() : min(backoff, policy.maxBackoff());
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
