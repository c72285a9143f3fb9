package io.pipelinemedic.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirects: followed within the API's own origin, never to another host with the token. */
class RetryingHttpTest {

  private static final Map<String, String> TOKEN = Map.of("Authorization", "Token dbtc_secret");

  private HttpServer api;
  private HttpServer elsewhere;
  private final List<String> reachedElsewhere = new CopyOnWriteArrayList<>();
  private final RetryingHttp http =
      new RetryingHttp(
          new RetryingHttp.Policy(
              2,
              Duration.ofMillis(10),
              Duration.ofMillis(10),
              Duration.ofSeconds(1),
              Duration.ofSeconds(5),
              Duration.ofSeconds(2),
              0));

  @BeforeEach
  void servers() throws IOException {
    elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    elsewhere.createContext(
        "/",
        exchange -> {
          reachedElsewhere.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          answer(exchange, 200, "stolen");
        });
    elsewhere.start();
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          switch (path) {
            case "/moved" -> redirect(exchange, "/artifact");
            case "/away" ->
                redirect(exchange, "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/x");
            case "/loop" -> redirect(exchange, "/loop");
            case "/stalls" -> stall(exchange);
            default -> answer(exchange, 200, "manifest");
          }
        });
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
    elsewhere.stop(0);
  }

  @Test
  void aRedirectWithinTheSameOriginIsFollowed() throws IOException {
    try (InputStream body = http.get(uri("/moved"), TOKEN).orElseThrow()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("manifest");
    }
  }

  @Test
  void aRedirectToAnotherHostIsRefusedAndTheTokenNeverLeaves() {
    assertThatThrownBy(() -> http.get(uri("/away"), TOKEN))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "was redirected to http://127.0.0.1:" + elsewhere.getAddress().getPort())
        .hasMessageNotContaining("dbtc_secret");
    assertThat(reachedElsewhere).isEmpty();
  }

  @Test
  void aRedirectLoopEnds() {
    assertThatThrownBy(() -> http.get(uri("/loop"), TOKEN))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not followed");
  }

  @Test
  void aBodyThatStopsComingIsCutAtItsTimeLimit() throws IOException {
    long start = System.nanoTime();
    try (InputStream body = http.get(uri("/stalls"), TOKEN).orElseThrow()) {
      assertThatThrownBy(body::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("/stalls: the body did not arrive within PT2S");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.getAddress().getPort() + path);
  }

  /** The headers and the first bytes of a large body, then nothing for a while. */
  private static void stall(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 1_000_000);
    OutputStream out = exchange.getResponseBody();
    out.write("{\"meta".getBytes(StandardCharsets.UTF_8));
    out.flush();
    try {
      Thread.sleep(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.close();
  }

  private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location)
      throws IOException {
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
