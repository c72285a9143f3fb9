package io.pipelinemedic.service;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Reactive work (Hibernate Reactive needs a Vert.x context) awaited from a worker thread. */
public final class VertxAwait {

  private VertxAwait() {}

  /** Runs {@code operation} on a Vert.x context and waits for its result; worker threads only. */
  public static <T> T await(Supplier<Uni<T>> operation) {
    try {
      return VertxContextSupport.subscribeAndAwait(operation);
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
