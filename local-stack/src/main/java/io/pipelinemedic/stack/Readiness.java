package io.pipelinemedic.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Waits until a started service process answers 200 on a health endpoint. */
public final class Readiness {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private Readiness() {}

  /**
   * Returns once {@code health} answers 200; fails when {@code process} exits first (pointing at
   * its {@code log}) or {@code timeout} passes.
   */
  public static void await(Process process, URI health, Duration timeout, Path log)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            process.info().command().orElse("the service") + " exited; see " + log);
      }
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // the port is not open yet
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException(
            health + " not ready within " + timeout.toSeconds() + " s; see " + log);
      }
      Thread.sleep(250);
    }
  }
}
