package io.pipelinemedic.dbt.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scenarios played once per build: a folder of finished plays, each named by its scenario and the
 * hash of everything that decides how it plays (the example project, the scenario, the pinned dbt
 * runtime's requirements and the player's own code), so a stale play is not used. Every caller gets
 * its own copy.
 */
final class PlayedScenarios {

  /** The system property naming the folder; without it every scenario is played afresh. */
  static final String PROPERTY = "medic.played-scenarios";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();
  private static final List<String> PLAYED = List.of("project", "warehouse", "artifacts");
  private static final String STEPS = "steps.json";
  private static final Set<String> NOT_HASHED = Set.of("target", "logs", "dbt_packages");
  private static final String PLAYER = "io/pipelinemedic/dbt";

  /** What one play needs: the scenario played into an empty folder. */
  interface Player {
    ScenarioRun play(Scenario scenario, Path workDir) throws IOException, InterruptedException;
  }

  private record Step(
      List<String> command,
      int exitCode,
      boolean timedOut,
      String stdout,
      String stderr,
      long millis) {}

  /**
   * What a play left besides its files: the commit that ran, the warehouse, the job's {@code dbt
   * deps} (or null) and its steps.
   */
  private record PlayRecord(String commit, String warehouse, Step deps, List<Step> steps) {}

  private final Path folder;
  private final Path repositoryRoot;

  PlayedScenarios(Path folder, Path repositoryRoot) {
    this.folder = folder.toAbsolutePath().normalize();
    this.repositoryRoot = repositoryRoot;
  }

  /** The folder the system property names, or {@code null} when it is not set. */
  static PlayedScenarios fromSystemProperty(Path repositoryRoot) {
    String folder = System.getProperty(PROPERTY, "");
    return folder.isBlank() ? null : new PlayedScenarios(Path.of(folder), repositoryRoot);
  }

  /** {@code scenario} as played once, copied into {@code workDir} (emptied first). */
  ScenarioRun copy(Scenario scenario, Path workDir, Player player)
      throws IOException, InterruptedException {
    Path played = folder.resolve(scenario.name() + "-" + key(scenario));
    // one play per scenario: threads of this JVM wait on its monitor, other JVMs on its file lock,
    // which is held while the play is copied too (a play of another key replaces it)
    synchronized (LOCKS.computeIfAbsent(scenario.name(), name -> new Object())) {
      Files.createDirectories(folder);
      try (FileChannel lockFile =
              FileChannel.open(
                  folder.resolve(scenario.name() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        if (!Files.exists(played.resolve(STEPS))) {
          play(scenario, played, player);
        }
        Folders.delete(workDir);
        for (String part : PLAYED) {
          copyTree(played.resolve(part), workDir.resolve(part));
        }
      }
    }
    return read(scenario, played.resolve(STEPS), workDir);
  }

  private void play(Scenario scenario, Path played, Player player)
      throws IOException, InterruptedException {
    Pattern earlier = Pattern.compile(Pattern.quote(scenario.name()) + "-\\p{XDigit}{16}.*");
    try (Stream<Path> older = Files.list(folder)) {
      for (Path stale :
          older.filter(p -> earlier.matcher(p.getFileName().toString()).matches()).toList()) {
        Folders.delete(stale);
      }
    }
    Path making = folder.resolve(played.getFileName() + ".making");
    ScenarioRun run = player.play(scenario, making);
    JSON.writeValue(
        making.resolve(STEPS).toFile(),
        new PlayRecord(
            run.commit(),
            making.relativize(run.warehouse()).toString(),
            run.deps() == null ? null : step(run.deps()),
            run.steps().stream().map(PlayedScenarios::step).toList()));
    Folders.delete(making.resolve("target"));
    Files.move(making, played, StandardCopyOption.ATOMIC_MOVE);
  }

  private static ScenarioRun read(Scenario scenario, Path stepsFile, Path workDir)
      throws IOException {
    PlayRecord record = JSON.readValue(stepsFile.toFile(), PlayRecord.class);
    return new ScenarioRun(
        scenario,
        workDir.resolve("project"),
        record.commit(),
        workDir.resolve(record.warehouse()),
        workDir.resolve("artifacts"),
        record.deps() == null ? null : result(record.deps()),
        record.steps().stream().map(PlayedScenarios::result).toList());
  }

  private static Step step(DbtResult result) {
    return new Step(
        result.command(),
        result.exitCode(),
        result.timedOut(),
        result.stdout(),
        result.stderr(),
        result.duration().toMillis());
  }

  private static DbtResult result(Step step) {
    return new DbtResult(
        step.command(),
        step.exitCode(),
        step.timedOut(),
        step.stdout(),
        step.stderr(),
        Duration.ofMillis(step.millis()));
  }

  /** The hash of what decides how {@code scenario} plays. */
  private String key(Scenario scenario) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    hashTree(digest, ScenarioRunner.project(repositoryRoot, scenario));
    hashTree(digest, repositoryRoot.resolve(ScenarioRunner.TOOLS));
    hashTree(digest, scenario.dir());
    hashTree(digest, repositoryRoot.resolve("tools/dbt/requirements.txt"));
    hashPlayer(digest);
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  /**
   * The player's own code: every class of {@code io.pipelinemedic.dbt} (the runner, the commands,
   * the scenario format), by its name and bytes, the same whether loaded from a folder (the
   * module's own tests) or from the jar (every other module's).
   */
  private static void hashPlayer(MessageDigest digest) throws IOException {
    Path code;
    try {
      code =
          Path.of(ScenarioRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot find the scenario player's code", e);
    }
    Map<String, byte[]> classes = new TreeMap<>();
    if (Files.isDirectory(code)) {
      try (Stream<Path> files = Files.walk(code.resolve(PLAYER))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          classes.put(
              code.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
      }
    } else {
      try (JarFile jar = new JarFile(code.toFile())) {
        for (JarEntry entry : jar.stream().toList()) {
          if (entry.getName().startsWith(PLAYER + "/") && entry.getName().endsWith(".class")) {
            try (InputStream in = jar.getInputStream(entry)) {
              classes.put(entry.getName(), in.readAllBytes());
            }
          }
        }
      }
    }
    classes.forEach(
        (name, bytes) -> {
          digest.update(name.getBytes(StandardCharsets.UTF_8));
          digest.update(bytes);
        });
  }

  private static void hashTree(MessageDigest digest, Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file :
          paths.filter(Files::isRegularFile).filter(p -> hashed(root, p)).sorted().toList()) {
        digest.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        digest.update(ByteBuffer.allocate(8).putLong(Files.size(file)).array());
        digest.update(Files.readAllBytes(file));
      }
    }
  }

  private static boolean hashed(Path root, Path file) {
    Path relative = root.relativize(file);
    String name = file.getFileName().toString();
    return (relative.getNameCount() == 0 || !NOT_HASHED.contains(relative.getName(0).toString()))
        && !name.endsWith(".duckdb")
        && !name.endsWith(".duckdb.wal");
  }

  /**
   * Copies a played folder, without the packages dbt installed in it ({@code dbt_packages} holds
   * links into the folder it was played in; whoever runs dbt on a copy installs them again).
   */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      paths.forEach(
          source -> {
            Path relative = from.relativize(source);
            for (Path part : relative) {
              if (part.toString().equals("dbt_packages")) {
                return;
              }
            }
            Path target = to.resolve(relative.toString());
            try {
              if (Files.isDirectory(source)) {
                Files.createDirectories(target);
              } else {
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
