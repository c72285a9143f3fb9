package io.pipelinemedic.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process in the bubblewrap confinement can reach of the host (Debian's bubblewrap,
 * installed by {@code tools/sandbox/ensure-bubblewrap}): its writable folder, the folders shown
 * read-only, the system, and nothing else.
 */
class ConfinementIT {

  @TempDir Path dir;

  /** What {@code script} printed and its exit code, run by {@code sh} in the confinement. */
  private record Ran(int exitCode, String output) {}

  private Ran run(Confinement confinement, String script) throws Exception {
    Process process =
        new ProcessBuilder(confinement.wrap(List.of("/bin/sh", "-c", script)))
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Ran(process.exitValue(), output);
  }

  private Confinement box(Path... readOnly) throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    return Confinement.bubblewrap(List.of(readOnly)).writable(List.of(work));
  }

  @Test
  void onlyTheWritableFolderCanBeWritten() throws Exception {
    Path shown = Files.createDirectories(dir.resolve("shown"));
    Ran ran =
        run(
            box(shown),
            "echo ok > "
                + dir.resolve("work/made")
                + "; touch "
                + shown.resolve("x")
                + " "
                + dir.resolve("beside")
                + " /usr/x /tmp/x 2>&1 || true");

    assertThat(ran.output()).contains("Read-only file system");
    assertThat(dir.resolve("work/made")).hasContent("ok");
    assertThat(shown.resolve("x")).doesNotExist();
    assertThat(dir.resolve("beside")).doesNotExist();
    assertThat(Path.of("/tmp/x")).as("its /tmp is its own").doesNotExist();
  }

  @Test
  void noCapabilityIsLeftToMountAReadOnlyFolderWritable() throws Exception {
    Path shown = Files.createDirectories(dir.resolve("production"));

    Ran ran =
        run(
            box(shown),
            "grep CapEff /proc/self/status; mount -o remount,bind,rw "
                + shown
                + " 2>&1;"
                + " touch "
                + shown.resolve("written")
                + " 2>&1 || true");

    assertThat(ran.output()).contains("CapEff:\t0000000000000000");
    assertThat(shown.resolve("written")).doesNotExist();
  }

  @Test
  void noOtherFileOfTheHostIsThere() throws Exception {
    Path secret = Files.writeString(dir.resolve("production.duckdb"), "the warehouse");

    Ran ran =
        run(
            box(),
            "test -e "
                + secret
                + " && echo SEEN; test -e /etc/shadow && echo SHADOW;"
                + " test -e /root/.m2 && echo HOME; ls /proc");

    assertThat(ran.output()).doesNotContain("SEEN", "SHADOW", "HOME");
    assertThat(ran.output().lines().filter(line -> line.matches("\\d+")).count())
        .as("only its own processes: " + ran.output())
        .isLessThanOrEqualTo(3);
  }

  @Test
  void theNetworkIsThereOnlyWhenAskedFor() throws Exception {
    try (ServerSocket listening = new ServerSocket(0)) {
      String connect =
          "exec 3<>/dev/tcp/127.0.0.1/" + listening.getLocalPort() + " && echo CONNECTED";
      String bash = "/bin/bash -c '" + connect + "'";

      assertThat(run(box(), bash).output()).doesNotContain("CONNECTED");
      assertThat(run(box().withNetwork(), bash).output()).contains("CONNECTED");
    }
  }

  @Test
  void aPythonEnvironmentsRuntimeIsItsFolderAndThePythonItWasMadeFrom() throws Exception {
    Path python = Files.createDirectories(dir.resolve("python/bin"));
    Path venv = Files.createDirectories(dir.resolve("venv/bin"));
    Files.writeString(venv.resolveSibling("pyvenv.cfg"), "home = " + python + "\nversion = 3.11\n");
    Path node = Files.createDirectories(dir.resolve("agents/node_modules/.bin"));

    assertThat(Confinement.runtime(venv.resolve("dbt")))
        .containsExactly(venv.getParent(), python.getParent().toRealPath());
    assertThat(Confinement.runtime(node.resolve("claude"))).containsExactly(dir.resolve("agents"));
    assertThat(Confinement.runtime(Path.of("sh"))).isEmpty();
  }

  @Test
  void noneRunsTheCommandAsItIs() throws Exception {
    assertThat(Confinement.none().wrap(List.of("dbt", "build"))).containsExactly("dbt", "build");
    assertThat(Confinement.none().confines()).isFalse();
    assertThatThrownBy(() -> box().writable(List.of(dir.resolve("missing"))).wrap(List.of("x")))
        .isInstanceOf(IOException.class);
  }
}
