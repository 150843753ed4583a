package org.phirecords.dev;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Soak test (not run in CI; {@code scripts/soak.sh}): the module on Payara Micro over a fresh
 * embedded store (started through {@link LocalModule}), driven at a fixed rate for a fixed time.
 * One operation registers a synthetic patient, records an entry and reads both back (4 requests); a
 * ticker starts operations at the rate whatever the latency, on a worker pool. Every 10 s it prints
 * requests, errors, latency and Payara's used heap right after a full GC ({@code jcmd}); at the end
 * the totals, the errors by kind and the heap growth. Exits 1 on any error, or if the heap after GC
 * grew by more than a quarter plus 32 MB from the baseline (the sample at 60 s, or at half time in
 * shorter runs) to the end.
 *
 * <pre>
 * Soak [--seconds 600] [--rate 20] [--runtime records-dev/target/runtime]
 * </pre>
 */
public final class Soak {
  /** The command line; runs the soak. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "Soak",
      sortOptions = false,
      description = "Drives the module at a fixed rate and watches its heap (scripts/soak.sh).",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {
        "0:no error and a stable heap",
        "1:an error, or a growing heap",
        "2:bad arguments"
      })
  static final class Arguments implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        defaultValue = "600",
        description = "How long, at least 10 (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
        names = "--rate",
        paramLabel = "N",
        defaultValue = "20",
        description = "Operations per second, 4 requests each (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--runtime",
        paramLabel = "DIR",
        defaultValue = "records-dev/target/runtime",
        description = "Folder of payara-micro.jar and the WARs (default: ${DEFAULT-VALUE}).")
    Path runtime;

    @Override
    public Integer call() throws Exception {
      if (seconds < INTERVAL_SECONDS || rate < 1) {
        throw new ParameterException(
            spec.commandLine(), "--seconds must be at least 10 and --rate at least 1");
      }
      return soak(seconds, rate, runtime) ? 0 : 1;
    }
  }

  private static final Logger OUT = ConsoleLog.named("phi-records-soak");

  /** Every heap region line of {@code GC.heap_info} (G1: one; Serial and Parallel: two). */
  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private static final int INTERVAL_SECONDS = 10;

  private final LocalHttp http;
  private final String api = "/records-web/api";
  private final String physician;
  private final AtomicLong sequence = new AtomicLong();
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
  private final LongAdder intervalRequests = new LongAdder();
  private final LongAdder intervalNanos = new LongAdder();
  private final AtomicLong intervalMaxNanos = new AtomicLong();
  private final AtomicLong maxNanos = new AtomicLong();

  private Soak(String base, String physician) {
    this.http = new LocalHttp(base, HttpClient.Version.HTTP_1_1, Duration.ofSeconds(30));
    this.physician = physician;
  }

  /** Entry point; exits as {@link Arguments} lists. */
  public static void main(String[] args) {
    int exit = new CommandLine(new Arguments()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** Runs the soak; true if it passed. */
  private static boolean soak(int seconds, int rate, Path runtime) throws Exception {
    Path data = Files.createTempDirectory("phi-soak");
    OUT.info(
        "soak: "
            + rate
            + " operations/s ("
            + 4 * rate
            + " requests/s) for "
            + seconds
            + " s; data and payara.log in "
            + data);
    boolean passed;
    try (LocalModule module =
        new LocalModule(
            data,
            runtime,
            List.of(runtime.resolve("records-web.war"), runtime.resolve("tenant-admin.war")),
            LocalHttp.freePort(),
            new H2Backend(data.resolve("store.mv").toString()),
            LocalHttp.freePort(),
            null,
            "512m",
            Map.of())) {
      module.awaitReady("/tenant-admin/api/tenants", 401, Duration.ofMinutes(4));
      DevTokens tokens = module.tokens();
      Soak soak =
          new Soak(module.base(), tokens.mint("soak-physician", "physician", "soak-clinic", null));
      HttpResponse<String> onboarded =
          soak.http.send(
              "POST",
              "/tenant-admin/api/tenants",
              tokens.mint("soak-platform-admin", "platform-admin", null, null),
              "{\"id\":\"soak-clinic\",\"displayName\":\"Soak\",\"contact\":\"privacy@soak.example\","
                  + "\"residency\":\"local\",\"firstAdmin\":\"soak-admin\"}");
      if (onboarded.statusCode() != 201) {
        throw new IllegalStateException(
            "onboarding failed: " + onboarded.statusCode() + " " + onboarded.body());
      }
      passed = soak.run(module.payara().pid(), seconds, rate);
    }
    return passed;
  }

  /** Drives the load and samples the heap; true if no error and the heap is stable. */
  private boolean run(long pid, int seconds, int rate) throws Exception {
    ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newFixedThreadPool(32);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(
        () -> workers.execute(this::operation), 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
    int baselineAt = Math.min(60, Math.max(INTERVAL_SECONDS, seconds / 2 / 10 * 10));
    List<Long> heaps = new ArrayList<>();
    long baseline = -1;
    long start = System.nanoTime();
    OUT.info("     t  requests  errors  mean ms  max ms  backlog  heap after GC");
    for (int t = INTERVAL_SECONDS; t <= seconds; t += INTERVAL_SECONDS) {
      Thread.sleep(Math.max(0, start + t * 1_000_000_000L - System.nanoTime()) / 1_000_000);
      if (t == seconds) {
        ticker.shutdown();
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);
      }
      long n = intervalRequests.sumThenReset();
      long nanos = intervalNanos.sumThenReset();
      long max = intervalMaxNanos.getAndSet(0);
      long heap = heapAfterGc(pid);
      heaps.add(heap);
      if (t == baselineAt) {
        baseline = heap;
      }
      OUT.info(
          String.format(
              Locale.ROOT,
              "%5ds  %8d  %6d  %7.1f  %6d  %7d  %6.1f MB",
              t,
              requests.sum(),
              errors.sum(),
              n == 0 ? 0.0 : nanos / 1e6 / n,
              max / 1_000_000,
              workers.getQueue().size() + workers.getActiveCount(),
              heap / 1024.0));
    }
    long last = heaps.get(heaps.size() - 1);
    long peak = heaps.stream().mapToLong(Long::longValue).max().orElse(-1);
    boolean stable = baseline > 0 && last <= baseline * 5 / 4 + 32 * 1024;
    OUT.info(
        String.format(
            Locale.ROOT,
            "soak done: %d operations, %d requests, %d errors, slowest request %d ms",
            sequence.get(),
            requests.sum(),
            errors.sum(),
            maxNanos.get() / 1_000_000));
    if (!errorKinds.isEmpty()) {
      OUT.info("errors by kind: " + new TreeMap<>(errorKinds));
    }
    OUT.info(
        String.format(
            Locale.ROOT,
            "heap after GC: %.1f MB at %d s (first sample), %.1f MB at %d s (baseline),"
                + " %.1f MB at the end, peak %.1f MB; growth from the baseline %+.1f MB: %s",
            heaps.get(0) / 1024.0,
            INTERVAL_SECONDS,
            baseline / 1024.0,
            baselineAt,
            last / 1024.0,
            peak / 1024.0,
            (last - baseline) / 1024.0,
            stable ? "stable" : "GROWING"));
    return errors.sum() == 0 && stable;
  }

  /** One operation: register, record an entry, read both back. */
  private void operation() {
    long n = sequence.incrementAndGet();
    try {
      HttpResponse<String> created = timed("POST", api + "/patients", patient(n), 201);
      Optional<String> patientId =
          created.statusCode() == 201 ? LocalHttp.findId(created.body()) : Optional.empty();
      if (patientId.isPresent()) {
        String id = patientId.get();
        timed("POST", api + "/patients/" + id + "/entries", ENTRY, 201);
        timed("GET", api + "/patients/" + id, null, 200);
        timed("GET", api + "/patients/" + id + "/entries", null, 200);
      }
    } catch (IOException | RuntimeException e) {
      requests.increment();
      error(e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<String> timed(String method, String url, String json, int expected)
      throws IOException, InterruptedException {
    long begin = System.nanoTime();
    HttpResponse<String> r = http.send(method, url, physician, json);
    long nanos = System.nanoTime() - begin;
    requests.increment();
    intervalRequests.increment();
    intervalNanos.add(nanos);
    intervalMaxNanos.accumulateAndGet(nanos, Math::max);
    maxNanos.accumulateAndGet(nanos, Math::max);
    if (r.statusCode() != expected) {
      error(method + " " + r.statusCode());
    }
    return r;
  }

  private void error(String kind) {
    errors.increment();
    errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  private static final String ENTRY =
      """
      {"type":"CONDITION","effectiveDate":"2026-01-15","status":"active",
       "codes":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I10",
                 "display":"Essential hypertension"}],
       "text":"Synthetic soak note."}
      """;

  private static final net.datafaker.Faker FAKER = new net.datafaker.Faker(Locale.US);

  private static synchronized String patient(long n) {
    return """
        {"mrn":"SOAK-%08d","givenName":"%s","familyName":"%s","birthDate":"%s","sex":"female"}
        """
        .formatted(
            n,
            FAKER.name().firstName().replaceAll("[^A-Za-z' -]", ""),
            FAKER.name().lastName().replaceAll("[^A-Za-z' -]", ""),
            FAKER.timeAndDate().birthday(1, 99));
  }

  /** Payara's used heap in KB right after a full GC, from the JDK's jcmd; -1 if unknown. */
  private static long heapAfterGc(long pid) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, Long.toString(pid), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
    Process info =
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info")
            .redirectErrorStream(true)
            .start();
    String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    info.waitFor();
    Matcher m = USED.matcher(out);
    long used = 0;
    boolean found = false;
    while (m.find()) {
      used += Long.parseLong(m.group(1));
      found = true;
    }
    return found ? used : -1;
  }
}
