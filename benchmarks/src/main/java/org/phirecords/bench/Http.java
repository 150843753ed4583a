package org.phirecords.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small HTTP client for the load driver: one shared JDK client, bearer tokens, JSON bodies. */
final class Http {
  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"(PHR-[0-9-]+)\"");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

  /**
   * HTTP/1.1 with keep-alive, as load balancers and most clients speak to an app server. (The JDK
   * client's default, an h2c upgrade, made Grizzly spend a third of Payara's CPU walking its HTTP/2
   * stream map: a property of that pairing, measured and left out.)
   */
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String base;
  private final Duration timeout;

  Http(String base) {
    this(base, Duration.ofSeconds(30));
  }

  /** Requests to {@code base} that may take up to {@code timeout} each. */
  Http(String base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
  }

  /** Sends; returns the response (any status). */
  HttpResponse<String> send(String method, String path, String token, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends and requires a 2xx answer. */
  String ok(String method, String path, String token, String json)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, path, token, json);
    if (r.statusCode() / 100 != 2) {
      Matcher code = CODE.matcher(r.body());
      throw new Refused(method + " " + path, r.statusCode(), code.find() ? code.group(1) : null);
    }
    return r.body();
  }

  /** A request answered with other than 2xx; {@code code}: its problem code, if it had one. */
  static final class Refused extends IOException {
    private final int status;
    private final String code;

    Refused(String request, int status, String code) {
      super(request + " answered " + status + (code == null ? "" : " " + code));
      this.status = status;
      this.code = code;
    }

    int status() {
      return status;
    }

    String code() {
      return code;
    }
  }

  /** The first {@code "id"} of a JSON answer. */
  static String id(String json) {
    Matcher m = ID.matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no id in the answer");
    }
    return m.group(1);
  }
}
