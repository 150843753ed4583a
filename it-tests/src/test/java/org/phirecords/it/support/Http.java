package org.phirecords.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A small HTTP client for the deployed API. */
public final class Http {
  private static final HttpClient CLIENT = newClient();

  private final URI base;
  private HttpClient client = CLIENT;

  public Http(URL base) {
    this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Sends later calls over new connections. For use after an answer from Payara's HTTP listener
   * itself: it closes the connection after refusing an oversized request without saying {@code
   * Connection: close}, so a client that reuses it loses the next request, and the JDK client
   * retries only GET and HEAD.
   */
  public void dropConnections() {
    client = newClient();
  }

  /** The server root, for server-level endpoints such as {@code /openapi} and {@code /health}. */
  public URI root(String path) {
    return base.resolve("/" + path);
  }

  /** A request to {@code path} (relative to the application) with an optional token. */
  public Call call(String method, String path, String token) {
    return new Call(client, method, base.resolve(path), token);
  }

  /**
   * A request to {@code rawPath} taken literally: no dot-segment removal and no re-encoding, as an
   * attacker would send it.
   */
  public Call literal(String method, String rawPath, String token) {
    return new Call(client, method, URI.create(base + rawPath), token);
  }

  public Call get(String path, String token) {
    return call("GET", path, token);
  }

  /** One request being built. */
  public static final class Call {
    private final HttpClient client;
    private final String method;
    private final URI uri;
    private final List<String> headers = new ArrayList<>();
    private byte[] body;
    private HttpClient.Version version;

    Call(HttpClient client, String method, URI uri, String token) {
      this.client = client;
      this.method = method;
      this.uri = uri;
      if (token != null) {
        header("Authorization", "Bearer " + token);
      }
    }

    public Call header(String name, String value) {
      headers.add(name);
      headers.add(value);
      return this;
    }

    /** Sends over HTTP/1.1 (no upgrade to HTTP/2). */
    public Call http1() {
      version = HttpClient.Version.HTTP_1_1;
      return this;
    }

    public Call json(String json) {
      return raw(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Call raw(byte[] bytes) {
      body = bytes;
      return header("Content-Type", "application/json");
    }

    public Reply send() {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (version != null) {
        b.version(version);
      }
      for (int i = 0; i < headers.size(); i += 2) {
        b.header(headers.get(i), headers.get(i + 1));
      }
      // A hard deadline: the client's own timeout does not cover a request body the server
      // stopped reading.
      var pending = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
      try {
        return new Reply(pending.get(60, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        throw new UncheckedIOException(
            e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
      } catch (TimeoutException e) {
        pending.cancel(true);
        throw new UncheckedIOException(new IOException("no answer within 60 s", e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A response. */
  public record Reply(HttpResponse<String> response) {
    public int status() {
      return response.statusCode();
    }

    public String body() {
      return response.body();
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public JsonObject json() {
      return (JsonObject) structure();
    }

    public JsonArray array() {
      return (JsonArray) structure();
    }

    private JsonStructure structure() {
      try (var reader = Json.createReader(new StringReader(body()))) {
        return reader.read();
      }
    }

    /** The stable problem code, or null if the body is not a problem. */
    public String problemCode() {
      String type = header("Content-Type");
      if (type == null || !type.startsWith("application/problem+json")) {
        return null;
      }
      return json().getString("code", null);
    }

    @Override
    public String toString() {
      return status() + " " + body();
    }
  }
}
