package org.phirecords.dev;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests to the module running locally, as the launcher, the soak and the contract target send
 * them: a path under one base address, a bearer token and a JSON body, each optional.
 */
public final class LocalHttp {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

  private final HttpClient client;
  private final String base;
  private final Duration timeout;

  /** Requests to {@code base} (e.g. {@code http://localhost:8080}) in {@code version}. */
  public LocalHttp(String base, HttpClient.Version version, Duration timeout) {
    this.client = HttpClient.newBuilder().version(version).build();
    this.base = base;
    this.timeout = timeout;
  }

  /** Sends; returns the answer whatever its status. */
  public HttpResponse<String> send(String method, String path, String token, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The first {@code "id"} of a JSON answer, if any. */
  public static Optional<String> findId(String body) {
    Matcher m = ID.matcher(body);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The first {@code "id"} of a JSON answer (the body is not quoted if there is none). */
  public static String id(HttpResponse<String> response) {
    return findId(response.body())
        .orElseThrow(() -> new IllegalStateException("no id in the response"));
  }

  /** A free TCP port on this machine. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
