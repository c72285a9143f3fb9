package io.pipelinemedic.service.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body that must be read within a time limit: when it passes, the body is closed (which
 * also ends a read blocked on a connection that sends nothing more), and every read says why.
 */
final class DeadlineInputStream extends FilterInputStream {

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final String what;
  private final Duration limit;
  private final ScheduledFuture<?> deadline;
  private volatile boolean expired;

  /**
   * @param body the response body
   * @param what the request, for the message
   * @param limit how long the whole body may take, from now
   */
  DeadlineInputStream(InputStream body, String what, Duration limit) {
    super(body);
    this.what = what;
    this.limit = limit;
    this.deadline = TIMER.schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One daemon thread; a body read in time takes its deadline off the queue at once. */
  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "response-body-deadline");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private void expire() {
    expired = true;
    try {
      in.close();
    } catch (IOException e) {
      // closing is the point; the reader learns of it from its next read
    }
  }

  @Override
  public int read() throws IOException {
    check();
    try {
      return super.read();
    } catch (IOException e) {
      throw expiredOr(e);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    check();
    try {
      return super.read(buffer, offset, length);
    } catch (IOException e) {
      throw expiredOr(e);
    }
  }

  @Override
  public void close() throws IOException {
    deadline.cancel(false);
    super.close();
  }

  private void check() throws IOException {
    if (expired) {
      throw timedOut();
    }
  }

  private IOException expiredOr(IOException e) {
    return expired ? timedOut() : e;
  }

  private IOException timedOut() {
    return new IOException(what + ": the body did not arrive within " + limit + ", so it was cut");
  }
}
