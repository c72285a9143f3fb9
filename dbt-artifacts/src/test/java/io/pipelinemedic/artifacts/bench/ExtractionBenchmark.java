package io.pipelinemedic.artifacts.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.artifacts.Extraction;
import io.pipelinemedic.artifacts.FailureExtractor;
import io.pipelinemedic.artifacts.LayerRules;
import io.pipelinemedic.schemas.EventJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The extraction benchmark ({@code tools/bench/extraction}): on a synthetic project of 10,000
 * models and 40,000 tests, the failure extraction's wall time and peak heap, next to a bare Jackson
 * token scan of the same files (the floor of any JSON reader here) and a Python peer that does the
 * same extraction with {@code json.load}. Each figure is the best of three runs.
 */
public final class ExtractionBenchmark {

  private static final int RUNS = 3;

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path dir = root.resolve("dbt-artifacts/target/bench");
    Path manifest = dir.resolve("manifest.json");
    Path runResults = dir.resolve("run_results.json");
    if (args.length > 1 && args[1].equals("--extract-only")) {
      Extraction extraction = extract(runResults, manifest);
      System.out.println(extraction.failures().size());
      return;
    }
    if (!Files.exists(manifest)) {
      Files.createDirectories(dir);
      long started = System.nanoTime();
      new SyntheticProject(20261121L).write(dir);
      System.out.printf("generated the synthetic project in %.1f s%n", seconds(started));
    }
    long manifestBytes = Files.size(manifest);
    System.out.printf(
        "manifest.json %,d MB, run_results.json %,d KB%n",
        manifestBytes >> 20, Files.size(runResults) >> 10);

    double scan = best(() -> scan(manifest, runResults));
    double extraction = Double.MAX_VALUE;
    long peakHeap = 0;
    int failures = 0;
    for (int i = 0; i < RUNS; i++) {
      System.gc();
      resetPeaks();
      long started = System.nanoTime();
      failures = extract(runResults, manifest).failures().size();
      extraction = Math.min(extraction, seconds(started));
      peakHeap = Math.max(peakHeap, peakHeapUsed());
    }
    long heapLimit = manifestBytes / 4;
    boolean fitsQuarter = extractOnlyWithHeap(root, heapLimit);
    double python = best(() -> python(root, runResults, manifest));
    long summary = EventJson.mapper().writeValueAsBytes(extract(runResults, manifest)).length;

    System.out.printf("%n%-44s %8s%n", "", "seconds");
    System.out.printf("%-44s %8.2f%n", "bare Jackson token scan (the floor)", scan);
    System.out.printf(
        "%-44s %8.2f   (%d failures)%n", "dbt-artifacts FailureExtractor", extraction, failures);
    System.out.printf("%-44s %8.2f%n", "Python peer, json.load", python);
    System.out.printf("%nextraction / bare scan   = %.2f (target <= 2)%n", extraction / scan);
    System.out.printf("Python peer / extraction = %.2f (target >= 3)%n", python / extraction);
    System.out.printf(
        "peak heap (sum of pool peaks, an upper bound) = %,d MB = %.0f%% of the manifest; "
            + "extraction in a JVM with -Xmx%dm (a quarter of the manifest): %s%n",
        peakHeap >> 20,
        100.0 * peakHeap / manifestBytes,
        heapLimit >> 20,
        fitsQuarter ? "completed" : "FAILED");
    System.out.printf(
        "summary of the %d failures: %,d KB = %.3f%% of the artifacts%n",
        failures, summary >> 10, 100.0 * summary / (manifestBytes + Files.size(runResults)));
  }

  private static Extraction extract(Path runResults, Path manifest) throws IOException {
    return new FailureExtractor(new ObjectMapper(), LayerRules.conventional())
        .extract(List.of(runResults), null, manifest);
  }

  private static void scan(Path manifest, Path runResults) throws IOException {
    JsonFactory json = new JsonFactory();
    for (Path file : List.of(manifest, runResults)) {
      try (JsonParser parser = json.createParser(file.toFile())) {
        while (parser.nextToken() != null) {
          // the floor: tokenize, build nothing
        }
      }
    }
  }

  private static boolean extractOnlyWithHeap(Path root, long heapBytes)
      throws IOException, InterruptedException {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (heapBytes >> 20) + "m",
                "-cp",
                System.getProperty("java.class.path"),
                ExtractionBenchmark.class.getName(),
                root.toString(),
                "--extract-only")
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return child.waitFor() == 0 && !output.contains("OutOfMemoryError");
  }

  private static void python(Path root, Path runResults, Path manifest)
      throws IOException, InterruptedException {
    Process peer =
        new ProcessBuilder(
                root.resolve(".venv/dbt/bin/python").toString(),
                root.resolve("tools/bench/extract_failures.py").toString(),
                runResults.toString(),
                manifest.toString())
            .redirectErrorStream(true)
            .start();
    String output =
        new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (peer.waitFor() != 0) {
      throw new IOException("the Python peer failed: " + output);
    }
    System.out.println("Python peer: failures, lineage nodes, max RSS MiB = " + output);
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double best(Step step) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < RUNS; i++) {
      long started = System.nanoTime();
      step.run();
      best = Math.min(best, seconds(started));
    }
    return best;
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
