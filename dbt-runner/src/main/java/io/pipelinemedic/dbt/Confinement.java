package io.pipelinemedic.dbt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a child process that runs someone else's code (a coding agent, dbt on its edits) is shut
 * in: bubblewrap ({@code bwrap}) with only the given folders writable, the system's programs and
 * the tools' own runtimes read-only, no other file of the host (no production file, no artifact
 * store, no home), a private {@code /tmp}, its own {@code /proc} and {@code /dev}, new namespaces
 * with no network unless asked for, every capability dropped (with one, a process could mount a
 * read-only folder writable again), and the whole process tree killed with it. Or, when the
 * operator has set it on purpose, {@link #none()}: the process runs as the service's user with the
 * host's file system.
 */
public final class Confinement {

  /** The system folders shown read-only: programs, libraries (a symlink is kept a symlink). */
  private static final List<String> SYSTEM =
      List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  /** What of {@code /etc} a program needs to run and to resolve a host; no secret, no shadow. */
  private static final List<String> ETC =
      List.of(
          "passwd",
          "group",
          "hosts",
          "resolv.conf",
          "nsswitch.conf",
          "host.conf",
          "gai.conf",
          "localtime",
          "ld.so.cache",
          "ld.so.conf",
          "ld.so.conf.d",
          "alternatives",
          "ssl",
          "ca-certificates",
          "ca-certificates.conf");

  private final Path bwrap;
  private final List<Path> readOnly;
  private final List<Path> writable;
  private final boolean network;

  private Confinement(Path bwrap, List<Path> readOnly, List<Path> writable, boolean network) {
    this.bwrap = bwrap;
    this.readOnly = List.copyOf(readOnly);
    this.writable = List.copyOf(writable);
    this.network = network;
  }

  /** No confinement at all: only when the operator says so ({@code medic.runner.sandbox=none}). */
  public static Confinement none() {
    return new Confinement(null, List.of(), List.of(), true);
  }

  /**
   * Bubblewrap found on the {@code PATH}, showing {@code readOnly} (the tools' runtimes, see {@link
   * #runtime}) besides the system.
   *
   * @throws IllegalStateException when {@code bwrap} is not installed
   */
  public static Confinement bubblewrap(Collection<Path> readOnly) {
    Path bwrap =
        installed()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "bubblewrap (bwrap) is not installed: install Debian's bubblewrap"
                            + " (tools/sandbox/ensure-bubblewrap), or set medic.runner.sandbox=none"
                            + " on purpose where something else is the boundary (a pod)"));
    return new Confinement(bwrap, new ArrayList<>(readOnly), List.of(), false);
  }

  /** {@code bwrap} on the {@code PATH}, if any. */
  public static Optional<Path> installed() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
    for (String folder : path.split(":")) {
      Path candidate = Path.of(folder.isEmpty() ? "." : folder, "bwrap");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /**
   * The folders a tool needs to run, read-only: for a program of a Python virtual environment, the
   * environment and the Python installation it was made from ({@code home} in its {@code
   * pyvenv.cfg}); for one of a {@code node_modules} folder, the folder that holds it; otherwise the
   * folder the program really lives in. Nothing for a bare name, found on the {@code PATH} among
   * the system's programs.
   */
  public static List<Path> runtime(Path executable) throws IOException {
    if (!executable.isAbsolute() && executable.getNameCount() == 1) {
      return List.of();
    }
    Path absolute = executable.toAbsolutePath().normalize();
    for (Path folder = absolute.getParent(); folder != null; folder = folder.getParent()) {
      Path venv = folder.resolve("pyvenv.cfg");
      if (Files.isRegularFile(venv)) {
        List<Path> folders = new ArrayList<>(List.of(folder));
        pythonHome(venv).ifPresent(folders::add);
        return folders;
      }
      if (folder.getFileName() != null && folder.getFileName().toString().equals("node_modules")) {
        return List.of(folder.getParent());
      }
    }
    return List.of(absolute.toRealPath().getParent());
  }

  /** Whether processes are shut in at all. */
  public boolean confines() {
    return bwrap != null;
  }

  /** The same, with {@code folders} shown read-only too. */
  public Confinement readOnly(Collection<Path> folders) {
    List<Path> more = new ArrayList<>(readOnly);
    more.addAll(folders);
    return new Confinement(bwrap, more, writable, network);
  }

  /** The same, with {@code folders} writable (each must exist). */
  public Confinement writable(Collection<Path> folders) {
    List<Path> more = new ArrayList<>(writable);
    more.addAll(folders);
    return new Confinement(bwrap, readOnly, more, network);
  }

  /** The same, sharing the host's network (the agent's model endpoint; {@code dbt deps}). */
  public Confinement withNetwork() {
    return new Confinement(bwrap, readOnly, writable, true);
  }

  /**
   * The same, with every folder shown from under {@code from} shown from the same place under
   * {@code to} instead: what a sandbox made at {@code to} would be shown, had it been made as the
   * one at {@code from}.
   */
  public Confinement moved(Path from, Path to) {
    return new Confinement(bwrap, moved(readOnly, from, to), moved(writable, from, to), network);
  }

  /** Every folder and file shown besides the system's, read-only or writable. */
  public List<Path> shown() {
    List<Path> all = new ArrayList<>(readOnly);
    all.addAll(writable);
    return all;
  }

  private static List<Path> moved(List<Path> paths, Path from, Path to) {
    return paths.stream()
        .map(path -> path.startsWith(from) ? to.resolve(from.relativize(path)) : path)
        .toList();
  }

  /** {@code command} as it is started: inside bubblewrap, or as it is when nothing confines. */
  public List<String> wrap(List<String> command) throws IOException {
    if (bwrap == null) {
      return command;
    }
    List<String> line = new ArrayList<>(List.of(bwrap.toString()));
    line.addAll(List.of("--die-with-parent", "--new-session", "--unshare-all"));
    if (network) {
      line.add("--share-net");
    }
    line.addAll(List.of("--cap-drop", "ALL"));
    for (String folder : SYSTEM) {
      Path path = Path.of(folder);
      if (Files.isSymbolicLink(path)) {
        line.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), folder));
      } else if (Files.isDirectory(path)) {
        line.addAll(List.of("--ro-bind", folder, folder));
      }
    }
    for (String entry : ETC) {
      line.addAll(List.of("--ro-bind-try", "/etc/" + entry, "/etc/" + entry));
    }
    line.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
    for (Path folder : readOnly) {
      bind(line, "--ro-bind", folder);
    }
    for (Path folder : writable) {
      bind(line, "--bind", folder);
    }
    line.add("--");
    line.addAll(command);
    return line;
  }

  /**
   * Starts a process in the confinement once, so that a machine where bubblewrap cannot make a
   * sandbox (no user namespaces, a seccomp profile that forbids them) stops the service's start
   * with bubblewrap's own words rather than every fix later.
   *
   * @throws IllegalStateException when it cannot
   */
  public void check() throws IOException, InterruptedException {
    if (bwrap == null) {
      return;
    }
    Path output = Files.createTempFile("bwrap-check-", ".txt");
    try {
      Process process =
          new ProcessBuilder(wrap(List.of("/bin/sh", "-c", "exit 0")))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("bubblewrap did not start a sandbox within 30 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "bubblewrap cannot make a sandbox on this machine ("
                + Files.readString(output, StandardCharsets.UTF_8).strip()
                + "): allow unprivileged user namespaces, or set medic.runner.sandbox=none on"
                + " purpose where something else is the boundary (a pod)");
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static void bind(List<String> line, String how, Path folder) throws IOException {
    Path shown = folder.toAbsolutePath().normalize();
    line.addAll(List.of(how, shown.toRealPath().toString(), shown.toString()));
  }

  private static Optional<Path> pythonHome(Path venvConfig) throws IOException {
    for (String line : Files.readAllLines(venvConfig, StandardCharsets.UTF_8)) {
      int equals = line.indexOf('=');
      if (equals > 0 && line.substring(0, equals).strip().equals("home")) {
        Path bin = Path.of(line.substring(equals + 1).strip());
        return Optional.ofNullable(bin.toRealPath().getParent());
      }
    }
    return Optional.empty();
  }
}
