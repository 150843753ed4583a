package org.phirecords.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent writers against records-web: each thread registers a synthetic patient, then records a
 * condition for it, over and over; with several instances, requests go round-robin over them (so a
 * condition is mostly recorded on another instance than its patient). Every attempt is kept (start,
 * end, status, problem code or transport failure) and every acknowledged (2xx) write with what was
 * sent, so that a test can check afterwards that each of them is stored as sent.
 */
public final class WriteLoad {
  /** An acknowledged write: {@code kind} patient or entry, the id answered, the JSON sent. */
  public record Ack(String kind, String id, String json) {}

  /**
   * One request: nanoTime at start and end, status (0 if none), problem code, failure, and the base
   * URL of the instance it went to.
   */
  public record Attempt(
      long start,
      long end,
      int status,
      String contentType,
      String code,
      String failure,
      String base) {
    public long millis() {
      return (end - start) / 1_000_000;
    }

    @Override
    public String toString() {
      return status
          + " "
          + code
          + " "
          + contentType
          + " "
          + failure
          + " in "
          + millis()
          + " ms at "
          + base;
    }
  }

  private static final Duration HANG = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<String> bases;
  private final AtomicInteger next = new AtomicInteger();
  private final String token;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean();

  /** Acknowledged writes, in the order they were acknowledged. */
  public final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();

  /** Every request made. */
  public final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();

  /** Writers against {@code base} (e.g. {@code http://localhost:8080}) with {@code token}. */
  public WriteLoad(String base, String token) {
    this(List.of(base), token);
  }

  /** Writers spread round-robin over the instances at {@code bases}, with {@code token}. */
  public WriteLoad(List<String> bases, String token) {
    this.bases = List.copyOf(bases);
    this.token = token;
  }

  /** Starts {@code count} writer threads. */
  public WriteLoad start(int count) {
    running.set(true);
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(this::loop, "writer-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  /** Stops the writers and waits for their last requests. */
  /**
   * Waits, at most {@code limit}, for the first acknowledged write: a kill timed from the start of
   * the load would otherwise land before any write on a slow machine.
   */
  public WriteLoad acknowledgedWithin(java.time.Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (acks.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return this;
  }

  public void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(HANG.toMillis() + 5000);
    }
  }

  /** Attempts that started after {@code from} and ended before {@code to} (nanoTime). */
  public List<Attempt> within(long from, long to) {
    return attempts.stream().filter(a -> a.start() >= from && a.end() <= to).toList();
  }

  /** The attempts that went to the instance at {@code base}. */
  public List<Attempt> at(String base) {
    return attempts.stream().filter(a -> a.base().equals(base)).toList();
  }

  /** Whether any acknowledged write started at or after {@code from}. */
  public long successesAfter(long from) {
    return attempts.stream().filter(a -> a.start() >= from && a.status() / 100 == 2).count();
  }

  private void loop() {
    while (running.get()) {
      String patient;
      synchronized (Seed.class) {
        patient = Seed.patientJson();
      }
      String id = post("/patients", patient, "patient");
      if (id == null) {
        continue;
      }
      String entry = Seed.conditionJson("I10", "Synthetic load note " + UUID.randomUUID());
      post("/patients/" + id + "/entries", entry, "entry");
    }
  }

  /** Posts {@code json}; returns the id of the created resource if acknowledged. */
  private String post(String path, String json, String kind) {
    String base = bases.get(Math.floorMod(next.getAndIncrement(), bases.size()));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/records-web/api" + path))
            .timeout(HANG)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      long end = System.nanoTime();
      String type = r.headers().firstValue("Content-Type").orElse("");
      String code = null;
      JsonObject body = null;
      try (var reader = Json.createReader(new StringReader(r.body()))) {
        body = reader.readObject();
        code = body.containsKey("code") ? body.getString("code") : null;
      } catch (RuntimeException notJson) {
        // recorded as it is: status and content type say enough
      }
      attempts.add(new Attempt(start, end, r.statusCode(), type, code, null, base));
      if (r.statusCode() / 100 == 2 && body != null) {
        acks.add(new Ack(kind, body.getString("id"), json));
        return body.getString("id");
      }
      return null;
    } catch (HttpTimeoutException e) {
      attempts.add(new Attempt(start, System.nanoTime(), 0, "", null, "HANG", base));
      return null;
    } catch (IOException e) {
      attempts.add(
          new Attempt(start, System.nanoTime(), 0, "", null, e.getClass().getSimpleName(), base));
      pause();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
      return null;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
