package io.pipelinemedic.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A repository URL never carries the token: it would reach events, messages and the agent. */
class GitRemoteTest {

  @Test
  void aUrlThatCarriesACredentialIsRefusedSayingWhereTheTokenGoes() {
    for (String leaking :
        new String[] {
          "https://x-access-token:ghp_secret@github.com/team/dbt.git",
          "https://ghp_secret@github.com/team/dbt.git",
          // a host that is not a server name to java.net.URI (a compose service's)
          "https://ghp_secret@git_server:3000/team/dbt.git",
          "http://user:pass@git.internal/dbt.git",
          "ssh://git:pass@git.internal/dbt.git"
        }) {
      assertThatThrownBy(() -> new GitRemote(leaking, null))
          .as(leaking)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("medic.runner.git-token")
          .hasMessageNotContaining("secret")
          .hasMessageNotContaining("pass");
    }
  }

  @Test
  void plainUrlsAndSshUsersAreRepositoriesAndTheTokenIsNeverShown() {
    for (String plain :
        new String[] {
          "https://github.com/team/dbt.git",
          "ssh://git@github.com/team/dbt.git",
          "git@github.com:team/dbt.git",
          "/srv/git/dbt.git"
        }) {
      GitRemote remote = new GitRemote(plain, "ghp_secret");
      assertThat(remote.toString()).isEqualTo(plain).doesNotContain("ghp_secret");
      assertThat(remote.credentials()).isNotNull();
    }
    assertThat(new GitRemote("https://github.com/team/dbt.git", null).credentials()).isNull();
  }
}
