package io.pipelinemedic.service.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The user info of a URI ({@code user:secret@}), read from its raw authority: {@link
 * URI#getRawUserInfo()} is null whenever the host is not a server name ({@code airflow_web}, {@code
 * git_host}), which would let a credential through unseen.
 */
public final class UserInfo {

  private UserInfo() {}

  /** The raw user info of {@code uri}, if its authority carries any. */
  public static Optional<String> of(URI uri) {
    String authority = uri.getRawAuthority();
    int at = authority == null ? -1 : authority.lastIndexOf('@');
    return at < 0 ? Optional.empty() : Optional.of(authority.substring(0, at));
  }

  /** {@code url} as it can be shown to people: without its user info; null when not a URI. */
  public static String removed(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url);
      if (of(uri).isEmpty()) {
        return url;
      }
      String authority = uri.getRawAuthority();
      int start = url.indexOf(authority);
      return url.substring(0, start)
          + authority.substring(authority.lastIndexOf('@') + 1)
          + url.substring(start + authority.length());
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
