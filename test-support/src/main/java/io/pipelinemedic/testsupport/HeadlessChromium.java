package io.pipelinemedic.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A real headless Chromium (Debian's, installed by {@code tools/browser/ensure-chromium} when
 * missing): a page's document as the browser left it once its scripts ran, and its screenshot.
 */
public final class HeadlessChromium {

  private final String browser;

  private HeadlessChromium(String browser) {
    this.browser = browser;
  }

  /** The browser, installed if need be. */
  public static HeadlessChromium ensure() throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("tools/browser/ensure-chromium"))) {
      root = root.getParent();
      if (root == null) {
        throw new IllegalStateException(
            "tools/browser/ensure-chromium is not above " + Path.of(""));
      }
    }
    Process ensure =
        new ProcessBuilder(root.resolve("tools/browser/ensure-chromium").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String browser = new String(ensure.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (ensure.waitFor() != 0) {
      throw new IllegalStateException("tools/browser/ensure-chromium failed");
    }
    return new HeadlessChromium(browser.strip());
  }

  /** The document of {@code url} once its scripts ran (at most 15 s of the page's time). */
  public Document dom(String url) throws IOException, InterruptedException {
    return Jsoup.parse(run(url, "--dump-dom"), url);
  }

  /** A screenshot of {@code url} at {@code width} × {@code height} into {@code file}. */
  public Path screenshot(String url, Path file, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    run(url, "--screenshot=" + file.toAbsolutePath(), "--window-size=" + width + "," + height);
    if (!Files.exists(file) || Files.size(file) == 0) {
      throw new IllegalStateException("no screenshot of " + redacted(url));
    }
    return file;
  }

  /**
   * Opens {@code url} in real time (no virtual clock, which stands still while a script runs) and
   * returns the page's {@code <html>} data attributes once it has {@code data-<waitFor>}, read
   * through the DevTools protocol.
   */
  public Map<String, String> dataset(String url, String waitFor, Duration timeout)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile-");
    List<String> command = command(profile);
    command.addAll(List.of("--remote-debugging-port=0", "about:blank"));
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (DevTools devTools = DevTools.connect(process, timeout)) {
      return devTools.dataset(url, waitFor, timeout);
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      delete(profile);
    }
  }

  /** {@code url} for a message: a sign-in link's token left out. */
  static String redacted(String url) {
    return url.replaceAll("token=[^&]*", "token=…");
  }

  private List<String> command(Path profile) {
    return new ArrayList<>(
        List.of(
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--user-data-dir=" + profile));
  }

  private static void delete(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /**
   * One browser run with a profile of its own, deleted after (no cookie outlives a run), its page
   * given 15 s of its own (virtual) time and the run two minutes.
   */
  private String run(String url, String... arguments) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile-");
    Path output = profile.resolve("output");
    List<String> command = command(profile);
    command.add("--virtual-time-budget=15000");
    command.addAll(List.of(arguments));
    command.add(url);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("chromium did not finish with " + redacted(url));
      }
      return Files.readString(output);
    } finally {
      delete(profile);
    }
  }
}
