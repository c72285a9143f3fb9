package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./medic status} when no supervisor runs: after a failed start, and with leftovers. */
class StackControlTest {

  @TempDir Path home;

  @Test
  void afterAFailedStartStatusSaysWhyAndWhatIsLeftRunning() throws Exception {
    StackState.at(home)
        .load()
        .put(StackState.STATUS, "failed")
        .put(StackState.MESSAGE, "ingest-service did not become ready")
        // a process the dead supervisor recorded that still runs (this JVM stands in for Kafka)
        .put("kafka.pid", ProcessHandle.current().pid())
        .save();

    String printed = status();

    assertThat(printed)
        .contains("not running")
        .contains("failed: ingest-service did not become ready")
        .contains("supervisor.log")
        .contains("1 process(es) of the stack: ./medic down stops them");
  }

  @Test
  void aStackThatWasNeverStartedIsJustNotRunning() throws Exception {
    assertThat(status()).isEqualToIgnoringWhitespace("stack not running");
  }

  private String status() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    StackConfig config =
        StackConfig.fromEnvironment(
            Path.of("..").toAbsolutePath(), Map.of("MEDIC_HOME", home.toString()));
    int exit =
        new StackControl(config, new PrintStream(printed, true, StandardCharsets.UTF_8)).status();
    assertThat(exit).isEqualTo(3);
    return printed.toString(StandardCharsets.UTF_8);
  }
}
