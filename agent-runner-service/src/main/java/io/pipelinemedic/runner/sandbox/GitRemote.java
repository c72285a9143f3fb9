package io.pipelinemedic.runner.sandbox;

import io.pipelinemedic.service.http.UserInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The team's repository: a URL that carries no credential, and the token JGit authenticates with
 * ({@code medic.runner.git-token}). The URL is what events, messages and the clone's own {@code
 * .git/config} show, so a token in it would reach Kafka, Slack and the coding agent; one is
 * refused.
 *
 * @param uri the repository's URL or path, without credentials
 * @param token the token for HTTPS ({@code x-access-token} as user name, as GitHub and GitLab take
 *     it), or {@code null}
 */
public record GitRemote(String uri, String token) {

  public GitRemote {
    if (carriesCredentials(uri)) {
      throw new IllegalArgumentException(
          "medic.runner.git-remote carries a credential in its URL: give the plain URL and put the"
              + " token in medic.runner.git-token (MEDIC_RUNNER_GIT_TOKEN)");
    }
  }

  /** JGit's credentials for clone and push, or {@code null} without a token. */
  public CredentialsProvider credentials() {
    return token == null ? null : new UsernamePasswordCredentialsProvider("x-access-token", token);
  }

  /** The URL alone: never the token. */
  @Override
  public String toString() {
    return uri;
  }

  /**
   * Whether {@code uri} has user info that can be a secret: any on HTTP(S) ({@code https://ghp_…@}
   * is a token), a password on any scheme. {@code ssh://git@host/…} and {@code git@host:…} name a
   * user only.
   */
  static boolean carriesCredentials(String uri) {
    if (uri == null || !uri.contains("://")) {
      return false;
    }
    try {
      URI parsed = new URI(uri);
      String scheme = String.valueOf(parsed.getScheme()).toLowerCase(Locale.ROOT);
      return UserInfo.of(parsed)
          .filter(userInfo -> scheme.startsWith("http") || userInfo.contains(":"))
          .isPresent();
    } catch (URISyntaxException e) {
      // not a URI JGit would read either; a credential-shaped prefix is refused all the same
      return uri.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://[^/]*@.*");
    }
  }
}
