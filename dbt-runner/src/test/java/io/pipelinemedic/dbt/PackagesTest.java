package io.pipelinemedic.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        .hasMessageContaining("the local package ../../etc is not inside the project");
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
  void jinjaHostFoldersAsGitAndALocalPackagesOwnEscapeAreRefused() throws IOException {
    Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: \"{{ '/home' }}\"\n");
    assertThatThrownBy(() -> Packages.declared(project)).hasMessageContaining("Jinja");
    for (String git : List.of("/srv/repo", "file:///srv/repo", "../repo")) {
      Files.writeString(project.resolve("packages.yml"), "packages:\n  - git: \"" + git + "\"\n");
      assertThatThrownBy(() -> Packages.declared(project)).as(git).hasMessageContaining("URL");
    }
    Files.writeString(
        project.resolve("packages.yml"),
        "packages:\n  - git: \"https://github.com/dbt-labs/dbt-utils.git\"\n"
            + "    revision: 1.3.0\n  - git: \"git@github.com:acme/dbt-macros.git\"\n");
    assertThat(Packages.declared(project)).isPresent();
    Files.createDirectories(project.resolve("packages/utils"));
    Files.writeString(
        project.resolve("packages/utils/packages.yml"), "packages:\n  - local: ../../../etc\n");
    Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: packages/utils\n");
    assertThatThrownBy(() -> Packages.declared(project))
        .as("a local package's own packages are checked too")
        .hasMessageContaining("not inside the project");
    Files.delete(project.resolve("packages.yml"));
    Files.writeString(project.resolve("dependencies.yml"), "packages:\n  - local: /etc\n");
    assertThatThrownBy(() -> Packages.declared(project)).hasMessageContaining("not inside");
  }

  @Test
  void unreadableYamlIsAnError() throws IOException {
    Files.writeString(project.resolve("packages.yml"), "packages: [\n");
    assertThatThrownBy(() -> Packages.declared(project)).hasMessageContaining("not valid YAML");
  }
}
