package io.pipelinemedic.stack;

import io.pipelinemedic.stack.demo.DbtCloudWebhook;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./medic bench}: drives signed dbt Cloud deliveries of distinct failed runs at an
 * ingest-service over loopback and prints throughput and latency, next to the same load against a
 * trivial Quarkus endpoint that only answers 202 (bench-ceiling), the ceiling of this machine. It
 * starts a stack of its own (its home, free ports, ingest-service alone), so no delivery reaches a
 * running stack's pipeline.
 *
 * <p>Two phases per target: a fixed rate, open loop (latency measured from each request's scheduled
 * start, so a stall is not hidden), and a closed loop of concurrent clients for the maximum
 * throughput.
 */
final class IngestBenchmark {

  private static final int RATE = 500;
  private static final int CLIENTS = 32;
  private static final Duration WARM_UP = Duration.ofSeconds(30);

  private final StackConfig config;
  private final PrintStream out;
  private final Duration phase;
  private final HttpClient http;
  private final AtomicLong runIds = new AtomicLong(System.currentTimeMillis() * 1000);

  IngestBenchmark(StackConfig config, PrintStream out, Duration phase) {
    this.config = config;
    this.out = out;
    this.phase = phase;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** One measured phase: what was sent, how fast, how long each answer took. */
  record Result(
      String target, String load, int requests, int errors, double seconds, long[] nanos) {

    Result named(String name) {
      return new Result(name, load, requests, errors, seconds, nanos);
    }

    double throughput() {
      return (requests - errors) / seconds;
    }

    double percentileMs(double p) {
      return nanos.length == 0
          ? 0
          : nanos[(int) Math.min(nanos.length - 1, Math.ceil(p * nanos.length) - 1)] / 1e6;
    }
  }

  int run() throws Exception {
    StackConfig bench = ownStack();
    ServiceSpec ingest = bench.service("ingest-service");
    out.println(
        "The benchmark runs on a stack of its own ("
            + bench.home()
            + ": PostgreSQL, Kafka and ingest-service on free ports), so none of its deliveries"
            + " reaches a running stack.");
    Supervisor supervisor = new Supervisor(bench);
    Process ceiling = null;
    List<Result> results = new ArrayList<>();
    try {
      supervisor.start();
      String secret = Secrets.loadOrCreate(bench.home()).get("dbt-cloud");
      ceiling = startCeiling(bench.logs());
      URI ceilingUri = URI.create("http://127.0.0.1:" + CEILING_PORT + "/ceiling");
      URI ingestUri = URI.create(ingest.url() + "/webhooks/dbt-cloud");
      for (URI target : List.of(ceilingUri, ingestUri)) {
        String name = target == ceilingUri ? "ceiling (202 only)" : "ingest-service";
        closedLoop(target, secret, CLIENTS, WARM_UP); // JIT warm-up, not reported
        results.add(fixedRate(target, secret, RATE, phase).named(name));
        results.add(closedLoop(target, secret, CLIENTS, phase).named(name));
      }
    } finally {
      if (ceiling != null) {
        ceiling.destroy();
        ceiling.waitFor();
      }
      supervisor.stop();
    }
    print(results);
    return 0;
  }

  /**
   * The benchmark's own stack: a home of its own under the stack's, free ports, and only
   * ingest-service, whose {@code run.failed} records nothing reads.
   */
  private StackConfig ownStack() throws IOException {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("MEDIC_HOME", config.home().resolve("bench").toString());
    for (String port :
        List.of(
            "MEDIC_KAFKA_PORT",
            "MEDIC_KAFKA_CONTROLLER_PORT",
            "MEDIC_POSTGRES_PORT",
            "MEDIC_INGEST_PORT")) {
      env.put(port, String.valueOf(Ports.free()));
    }
    StackConfig all = StackConfig.fromEnvironment(config.root(), env);
    return new StackConfig(
        all.root(),
        all.home(),
        all.kafkaPort(),
        all.controllerPort(),
        all.postgresPort(),
        all.partitions(),
        all.exampleDbtCloudPort(),
        null,
        List.of(all.service("ingest-service")));
  }

  private static final int CEILING_PORT = 8099;

  private Process startCeiling(Path logs) throws IOException, InterruptedException {
    Path jar = config.root().resolve("bench-ceiling/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IOException(jar + " is missing: build with ./mvnw package -DskipTests");
    }
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=" + CEILING_PORT,
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(logs.resolve("bench-ceiling.log").toFile()))
            .start();
    Ports.awaitOpen(CEILING_PORT, Duration.ofSeconds(30), process);
    return process;
  }

  /** Open loop: {@code rate} requests a second, each measured from its scheduled start. */
  private Result fixedRate(URI target, String secret, int rate, Duration length) throws Exception {
    int total = (int) (rate * length.toMillis() / 1000);
    List<HttpRequest> requests = signedDeliveries(target, secret, total);
    long[] nanos = new long[total];
    AtomicInteger errors = new AtomicInteger();
    List<CompletableFuture<Void>> pending = new ArrayList<>(total);
    long start = System.nanoTime();
    long interval = 1_000_000_000L / rate;
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * interval;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      int index = i;
      pending.add(
          http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.discarding())
              .handle(
                  (response, failure) -> {
                    nanos[index] = System.nanoTime() - scheduled;
                    if (failure != null || response.statusCode() != 202) {
                      errors.incrementAndGet();
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    return new Result("", rate + "/s fixed", total, errors.get(), seconds, nanos);
  }

  /** Closed loop: {@code clients} clients each sending the next request when answered. */
  private Result closedLoop(URI target, String secret, int clients, Duration length)
      throws Exception {
    int budget = 60_000;
    List<HttpRequest> requests = signedDeliveries(target, secret, budget);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long[] nanos = new long[budget];
    long start = System.nanoTime();
    long end = start + length.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            CompletableFuture.runAsync(
                () -> {
                  int i;
                  while (System.nanoTime() < end && (i = next.getAndIncrement()) < budget) {
                    long sent = System.nanoTime();
                    try {
                      int status =
                          http.send(requests.get(i), HttpResponse.BodyHandlers.discarding())
                              .statusCode();
                      if (status != 202) {
                        errors.incrementAndGet();
                      }
                    } catch (Exception e) {
                      errors.incrementAndGet();
                    }
                    nanos[i] = System.nanoTime() - sent;
                  }
                },
                pool));
      }
      CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdown();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int sent = Math.min(next.get(), budget);
    long[] measured = Arrays.copyOf(nanos, sent);
    Arrays.sort(measured);
    return new Result("", clients + " clients", sent, errors.get(), seconds, measured);
  }

  /** Signed deliveries of distinct failed runs, built before the clock starts. */
  private List<HttpRequest> signedDeliveries(URI target, String secret, int count) {
    List<HttpRequest> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long runId = runIds.incrementAndGet();
      requests.add(
          DbtCloudWebhook.delivery(
              target, secret, "wev_bench" + runId, String.valueOf(runId), "shop"));
    }
    return requests;
  }

  private void print(List<Result> results) {
    out.printf(
        "%n%-20s %-14s %9s %7s %10s %8s %8s %8s%n",
        "target", "load", "requests", "errors", "req/s", "p50 ms", "p99 ms", "max ms");
    for (Result r : results) {
      out.printf(
          "%-20s %-14s %9d %7d %10.1f %8.2f %8.2f %8.2f%n",
          r.target(),
          r.load(),
          r.requests(),
          r.errors(),
          r.throughput(),
          r.percentileMs(0.50),
          r.percentileMs(0.99),
          r.percentileMs(1.0));
    }
    double ratio = results.get(3).throughput() / results.get(1).throughput();
    out.printf("%ningest-service max throughput = %.0f%% of the ceiling%n", ratio * 100);
  }
}
