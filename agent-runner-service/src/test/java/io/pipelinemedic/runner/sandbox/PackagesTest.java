package io.pipelinemedic.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's declared packages: found in either file, local ones only inside the project. */
class PackagesTest {

  @TempDir Path project;

  @Test
  void aProjectWithoutPackagesNeedsNoDeps() throws IOException {
    assertThat(Packages.declared(project)).isEmpty();
    Files.writeString(project.resolve("packages.yml"), "packages: []\n");
    assertThat(Packages.declared(project)).isEmpty();
  }

  @Test
  void packagesInEitherFileAreFound() throws IOException {
    Files.createDirectories(project.resolve("packages/billing_utils"));
    Files.writeString(
        project.resolve("dependencies.yml"),
        "packages:\n  - local: packages/billing_utils\n  - package: dbt-labs/dbt_utils\n"
            + "    version: 1.3.0\n");
    assertThat(Packages.declared(project)).contains(project.resolve("dependencies.yml"));
  }

  @Test
  void aLocalPackageOutsideTheProjectIsRefused() throws IOException {
    Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../../etc\n");
    assertThatThrownBy(() -> Packages.declared(project))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("../../etc is not inside the project");
    Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: /etc\n");
    assertThatThrownBy(() -> Packages.declared(project)).hasMessageContaining("not inside");
  }

  @Test
  void aLocalPackageLinkedOutOfTheProjectIsRefused() throws IOException {
    Path outside = Files.createTempDirectory("outside");
    Files.createSymbolicLink(project.resolve("utils"), outside);
    Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: utils\n");
    assertThatThrownBy(() -> Packages.declared(project)).hasMessageContaining("not inside");
  }

  @Test
  void unreadableYamlIsAnError() throws IOException {
    Files.writeString(project.resolve("packages.yml"), "packages: [\n");
    assertThatThrownBy(() -> Packages.declared(project)).hasMessageContaining("not valid YAML");
  }
}
