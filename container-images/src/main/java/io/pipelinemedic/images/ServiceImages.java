package io.pipelinemedic.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds an image per service from its packaged Quarkus application (fast-jar) with Jib: the
 * dependencies, Quarkus' generated classes and the application each a layer (a code change rebuilds
 * only the small ones), read-only to user 185 who runs it, with the JVM sized by the container's
 * memory limit. Usage: {@code ServiceImages ROOT BASE.tar OUTPUT_DIR VERSION}.
 */
public final class ServiceImages {

  /** Where the application lives in the image. */
  public static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/deployments");

  /**
   * The JVM in a container (in {@code JAVA_TOOL_OPTIONS}, so a Deployment can change it): heap from
   * the memory limit, not the node's; out of memory ends the process (Kubernetes restarts it)
   * rather than leaving it limping.
   */
  public static final String JVM_OPTIONS =
      "-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError";

  /** The Quarkus application, with JBoss logging as Quarkus wants. */
  public static final List<String> ENTRYPOINT =
      List.of(
          "/opt/jre/bin/java",
          "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
          "-jar",
          APP.resolve("quarkus-run.jar").toString());

  private ServiceImages() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path base = Path.of(args[1]);
    Path output = Path.of(args[2]);
    String version = args[3];
    Files.createDirectories(output);
    for (String service : services(root)) {
      Path app = root.resolve(service).resolve("target/quarkus-app");
      if (!Files.exists(app.resolve("quarkus-run.jar"))) {
        throw new IllegalStateException(app + " is missing: package " + service + " first");
      }
      long start = System.nanoTime();
      String image = "pipeline-medic/" + service + ":" + version;
      JibContainer built =
          Jib.from(TarImage.at(base).named("pipeline-medic/jre:17"))
              .addFileEntriesLayer(layer("dependencies", app, "lib"))
              .addFileEntriesLayer(layer("quarkus", app, "quarkus"))
              .addFileEntriesLayer(layer("application", app, "app", "quarkus-run.jar"))
              .setWorkingDirectory(APP)
              .setUser("185")
              .addEnvironmentVariable("JAVA_TOOL_OPTIONS", JVM_OPTIONS)
              .addExposedPort(Port.tcp(8080))
              .setEntrypoint(ENTRYPOINT)
              .addLabel("org.opencontainers.image.title", service)
              .addLabel("org.opencontainers.image.version", version)
              .containerize(
                  Containerizer.to(TarImage.at(output.resolve(service + ".tar")).named(image))
                      .setOfflineMode(true));
      System.out.printf(
          "%s: %s in %.1f s (%s)%n",
          image,
          built.getDigest(),
          (System.nanoTime() - start) / 1e9,
          output.resolve(service + ".tar"));
    }
  }

  /** The repository's services: its modules named {@code *-service}. */
  public static List<String> services(Path root) throws IOException {
    try (Stream<Path> modules = Files.list(root)) {
      return modules
          .map(module -> module.getFileName().toString())
          .filter(name -> name.endsWith("-service"))
          .sorted()
          .toList();
    }
  }

  /**
   * The files under {@code app}'s {@code paths}, at the same place under /deployments, read-only.
   */
  private static FileEntriesLayer layer(String name, Path app, String... paths) throws Exception {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    for (String path : paths) {
      try (Stream<Path> files = Files.walk(app.resolve(path))) {
        for (Path file : files.sorted().toList()) {
          AbsoluteUnixPath target = APP.resolve(app.relativize(file).toString());
          layer.addEntry(
              file,
              target,
              Files.isDirectory(file)
                  ? FilePermissions.fromOctalString("755")
                  : FilePermissions.fromOctalString("644"));
        }
      }
    }
    return layer.build();
  }
}
