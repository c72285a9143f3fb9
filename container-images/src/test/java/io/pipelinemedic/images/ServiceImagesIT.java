package io.pipelinemedic.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images the build made: each one's configuration as a container runtime reads it, and one
 * image unpacked and run the way a runtime would (its own root filesystem, its entrypoint, user
 * 185) until Quarkus says it is alive.
 */
class ServiceImagesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path IMAGES = Path.of(System.getProperty("images.output"));
  private static final String VERSION = System.getProperty("images.version");
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path work;

  @Test
  void everyServiceIsAnImageThatRunsItsApplicationAsANonRootUser() throws Exception {
    List<String> services = ServiceImages.services(ROOT);
    assertThat(services).hasSize(6);
    for (String service : services) {
      Path unpacked = unpack(service);
      JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
      JsonNode config =
          JSON.readTree(unpacked.resolve(manifest.path("Config").asText()).toFile()).path("config");

      assertThat(manifest.path("RepoTags").get(0).asText())
          .isEqualTo("pipeline-medic/" + service + ":" + VERSION);
      assertThat(manifest.path("Layers"))
          .as(service + ": base, dependencies, quarkus, application")
          .hasSize(4);
      assertThat(config.path("User").asText()).as(service).isEqualTo("185");
      assertThat(config.path("WorkingDir").asText()).isEqualTo("/deployments");
      assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
      List<String> entrypoint = new ArrayList<>();
      config.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
      assertThat(entrypoint).endsWith("-jar", "/deployments/quarkus-run.jar");
      List<String> env = new ArrayList<>();
      config.path("Env").forEach(variable -> env.add(variable.asText()));
      assertThat(env)
          .as(service + ": the heap follows the container's memory limit")
          .contains("JAVA_TOOL_OPTIONS=" + ServiceImages.JVM_OPTIONS);
    }
  }

  @Test
  void anImageUnpackedAndRunAsItsUserStartsTheService() throws Exception {
    Path unpacked = unpack("context-service");
    JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (JsonNode layer : manifest.path("Layers")) {
      run("tar", "-xf", unpacked.resolve(layer.asText()).toString(), "-C", rootfs.toString());
    }
    assertThat(rootfs.resolve("deployments/quarkus-run.jar")).isRegularFile();
    JsonNode config =
        JSON.readTree(unpacked.resolve(manifest.path("Config").asText()).toFile()).path("config");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--pid",
                "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"),
                "chroot",
                "--userspec=" + config.path("User").asText() + ":185",
                rootfs.toString()));
    config.path("Entrypoint").forEach(arg -> command.add(arg.asText()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("service.log").toFile());
    builder.environment().clear();
    config
        .path("Env")
        .forEach(
            variable -> {
              String[] pair = variable.asText().split("=", 2);
              builder.environment().put(pair[0], pair[1]);
            });
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"); // for unshare and chroot
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    builder.environment().put("MEDIC_ARTIFACTS_DIR", "/tmp/artifacts");
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
    Process service = builder.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI live = URI.create("http://127.0.0.1:" + port + "/q/health/live");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
      int status = 0;
      while (status != 200 && service.isAlive() && Instant.now().isBefore(deadline)) {
        Thread.sleep(500);
        try {
          status =
              http.send(
                      HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        } catch (IOException notYet) {
          status = 0;
        }
      }
      assertThat(status)
          .as(
              "context-service alive in its image; its log:%n%s",
              Files.readString(work.resolve("service.log")))
          .isEqualTo(200);
    } finally {
      stopWithDescendants(service);
    }
  }

  /**
   * Stops the image's process tree: the service runs as a child of {@code unshare} under another
   * user, so the parent-death signal {@code --kill-child} sets does not reach it and it would
   * outlive the test.
   */
  private static void stopWithDescendants(Process service) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(service.descendants().toList());
    tree.add(service.toHandle());
    tree.forEach(ProcessHandle::destroy);
    Instant deadline = Instant.now().plusSeconds(20);
    for (ProcessHandle process : tree) {
      try {
        process
            .onExit()
            .get(
                Math.max(0, Duration.between(Instant.now(), deadline).toMillis()),
                TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
      }
    }
    service.waitFor();
  }

  private Path unpack(String service) throws Exception {
    Path into = Files.createDirectories(work.resolve(service));
    run("tar", "-xf", IMAGES.resolve(service + ".tar").toString(), "-C", into.toString());
    return into;
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
  }
}
