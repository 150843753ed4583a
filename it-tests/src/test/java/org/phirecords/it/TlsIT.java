package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.phirecords.dev.DevTokens;
import org.phirecords.dev.LocalModule;
import org.phirecords.it.support.LocalRuns;
import org.phirecords.it.support.Seed;

/**
 * HTTPS on Payara Micro with the production example (docs/production/tls-prebootcommands.asadmin):
 * TLS 1.2 and 1.3 only, AEAD suites only.
 *
 * <p>Why a control is needed, and which: Payara 6.2025.10's https listener enables exactly the
 * versions its {@code tls12-enabled} and {@code tls13-enabled} flags name (both true by default;
 * {@code tls11-enabled}, {@code tls-enabled} and {@code ssl3-enabled} no longer exist), so a boot
 * without any command file refuses TLS 1.1 whatever the JDK allows. Only when no version is flagged
 * does the listener fall back to the JDK's defaults. The control therefore runs a command file that
 * unpins the versions and the suites ({@code src/test/resources/tls/control-jdk-defaults.asadmin}):
 * with the JDK's own refusal of TLS 1.0/1.1 switched off in Payara's JVM and in the probing client,
 * it speaks TLS 1.1 and a CBC suite. The same JVM settings with the production file refuse both, so
 * the refusal is that file's doing. Two Payara boots; starts its own Payara, so it runs in the
 * embedded execution only.
 */
@EnabledIfSystemProperty(named = "it.store", matches = "embedded")
class TlsIT {
  private static final Logger LOG = Logger.getLogger(TlsIT.class.getName());
  private static final Path COMMANDS =
      Path.of("..", "docs", "production", "tls-prebootcommands.asadmin")
          .toAbsolutePath()
          .normalize();
  private static final Path CONTROL_COMMANDS =
      Path.of("src", "test", "resources", "tls", "control-jdk-defaults.asadmin").toAbsolutePath();

  /** A TLS 1.2 suite without AEAD (CBC, HMAC): enabled by the JDK, excluded by our file. */
  private static final String CBC_SUITE = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256";

  /** A TLS 1.2 suite our file keeps. */
  private static final String AEAD_SUITE = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";

  @Test
  void onlyTls12And13AreAcceptedAndTheApiWorksOverHttps() throws Exception {
    Path dir = LocalRuns.freshDir("tls-it");
    Path javaSecurity = dir.resolve("java.security");
    // Payara's JVM: no protocol version or algorithm disabled by the JDK.
    Files.writeString(javaSecurity, "jdk.tls.disabledAlgorithms=\n", StandardCharsets.UTF_8);
    List<String> jvm = List.of("-Djava.security.properties=" + javaSecurity);
    Files.createDirectories(dir.resolve("control"));
    Files.createDirectories(dir.resolve("https"));

    // Control: same JVM settings, versions and suites left to the JDK.
    int controlSsl = LocalRuns.freePort();
    try (LocalModule control =
        LocalRuns.start(
            dir.resolve("control"),
            LocalRuns.freePort(),
            "mongodb://127.0.0.1:1",
            List.of(),
            jvm,
            List.of(
                "--sslport",
                Integer.toString(controlSsl),
                "--prebootcommandfile",
                CONTROL_COMMANDS.toString()))) {
      assertThat(probe(controlSsl, "TLSv1.1"))
          .as("control: with the versions unpinned this JVM pair speaks TLS 1.1")
          .startsWith("OK TLSv1.1 ");
      assertThat(probe(controlSsl, "TLSv1.2", CBC_SUITE))
          .as("control: with the suites unpinned a CBC suite is accepted")
          .isEqualTo("OK TLSv1.2 " + CBC_SUITE);
    }

    int storePort = LocalRuns.freePort();
    MongoServer store = new MongoServer(new MemoryBackend());
    store.bind("127.0.0.1", storePort);
    int ssl = LocalRuns.freePort();
    try (LocalModule module =
        LocalRuns.start(
            dir.resolve("https"),
            LocalRuns.freePort(),
            "mongodb://127.0.0.1:" + storePort + "/?serverSelectionTimeoutMS=2000",
            List.of("records-web.war", "tenant-admin.war"),
            jvm,
            List.of(
                "--sslport", Integer.toString(ssl), "--prebootcommandfile", COMMANDS.toString()))) {
      assertThat(probe(ssl, "TLSv1")).startsWith("REFUSED");
      assertThat(probe(ssl, "TLSv1.1")).startsWith("REFUSED");
      assertThat(probe(ssl, "TLSv1.2", CBC_SUITE)).startsWith("REFUSED");
      assertThat(probe(ssl, "TLSv1.2", AEAD_SUITE)).isEqualTo("OK TLSv1.2 " + AEAD_SUITE);
      assertThat(probe(ssl, "TLSv1.2"))
          .matches("OK TLSv1\\.2 TLS_ECDHE_\\w+_WITH_\\w+_(GCM_SHA\\d+|CHACHA20_POLY1305_SHA256)");
      assertThat(probe(ssl, "TLSv1.3")).startsWith("OK TLSv1.3 ");

      // The API over HTTPS: onboard a tenant, register a patient, read it back.
      LocalRuns.onboard(module, "tls-clinic");
      DevTokens tokens = module.tokens();
      String physician = tokens.mint("tls-physician", "physician", "tls-clinic", null);
      String base = "https://localhost:" + ssl + "/records-web/api";
      String[] created = https("POST", base + "/patients", physician, Seed.patientJson());
      assertThat(created[0]).as(created[2]).isEqualTo("201");
      assertThat(created[1]).isIn("TLSv1.2", "TLSv1.3");
      String id =
          jakarta.json.Json.createReader(new java.io.StringReader(created[2]))
              .readObject()
              .getString("id");
      String[] read = https("GET", base + "/patients/" + id, physician, null);
      assertThat(read[0]).as(read[2]).isEqualTo("200");
      assertThat(read[2]).contains(id);
      LOG.info(() -> "API over HTTPS: register 201, read 200, negotiated " + read[1]);
    } finally {
      store.shutdownNow();
    }
  }

  /**
   * Handshakes with 127.0.0.1:{@code port} offering only {@code protocol} (and suite), in a new
   * JVM.
   */
  private static String probe(int port, String protocol, String... suite)
      throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "org.phirecords.it.support.TlsProbe",
                "127.0.0.1",
                Integer.toString(port),
                protocol));
    command.addAll(List.of(suite));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isIn(0, 3);
    String last = out.lines().reduce((a, b) -> b).orElse("");
    LOG.info(() -> "port " + port + ", " + protocol + " " + String.join(" ", suite) + ": " + last);
    return last;
  }

  /** Status, negotiated protocol and body of a request over HTTPS (test certificate trusted). */
  private static String[] https(String method, String url, String token, String json)
      throws Exception {
    javax.net.ssl.HttpsURLConnection c =
        (javax.net.ssl.HttpsURLConnection) URI.create(url).toURL().openConnection();
    c.setSSLSocketFactory(trustAll().getSocketFactory());
    c.setHostnameVerifier((host, session) -> true);
    c.setConnectTimeout(10_000);
    c.setReadTimeout(30_000);
    c.setRequestMethod(method);
    c.setRequestProperty("Authorization", "Bearer " + token);
    if (json != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      c.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    String protocol = c.getSSLSession().map(javax.net.ssl.SSLSession::getProtocol).orElse("?");
    var in = status < 400 ? c.getInputStream() : c.getErrorStream();
    String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    c.disconnect();
    return new String[] {Integer.toString(status), protocol, body};
  }

  private static SSLContext trustAll() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    return context;
  }
}
