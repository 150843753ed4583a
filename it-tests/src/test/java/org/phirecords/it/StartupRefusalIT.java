package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.phirecords.dev.DevFiles;
import org.phirecords.dev.DevTokens;
import org.phirecords.it.support.LocalRuns;

/**
 * A production start that the posture check refuses ends the process (ADR 49): Payara Micro
 * launched as an operator would, with a configuration the check refuses, exits with status 78 and
 * the reasons on its standard error, which name settings but carry neither the password of the
 * connection string nor the host. Starts its own Payara, so it runs in the embedded execution only.
 */
@EnabledIfSystemProperty(named = "it.store", matches = "embedded")
class StartupRefusalIT {
  private static final String PASSWORD = "Canarypw" + Long.toString(System.nanoTime(), 36);
  private static final String HOST = "canaryhost" + Long.toString(System.nanoTime(), 36);

  @Test
  void aRefusedProductionStartExitsWithStatus78AndTheReasonsOnStandardError() throws Exception {
    Path dir = LocalRuns.freshDir("startup-refusal-it");
    Path temp = Files.createDirectories(dir.resolve("tmp"));
    Path runtime = Path.of(System.getProperty("payara.microJar"));
    Path war = Path.of(System.getProperty("it.wars")).resolve("records-web.war");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-Djava.io.tmpdir=" + temp));
    command.addAll(List.of("-jar", runtime.toString(), "--deploy", war.toString()));
    command.addAll(List.of("--port", Integer.toString(LocalRuns.freePort()), "--nocluster"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectOutput(dir.resolve("stdout.log").toFile());
    builder.redirectError(dir.resolve("stderr.log").toFile());
    Map<String, String> env = builder.environment();
    // Production, no records.startup.exit-on-refusal: the default for production applies.
    env.put("RECORDS_MODE", "production");
    // No TLS, the development issuer, the local master key: each a reason to refuse.
    String uri = "mongodb://phi:" + PASSWORD + "@" + HOST + ":27017/?serverSelectionTimeoutMS=500";
    env.put("RECORDS_MONGODB_URI", uri);
    env.put("RECORDS_MONGODB_AUDIT_URI", uri);
    env.put("MP_JWT_VERIFY_ISSUER", DevTokens.ISSUER);
    env.remove("RECORDS_STARTUP_EXIT_ON_REFUSAL");

    Process payara = builder.start();
    try {
      boolean exited = payara.waitFor(4, TimeUnit.MINUTES);
      String stderr = Files.readString(dir.resolve("stderr.log"), StandardCharsets.UTF_8);
      assertThat(exited).as("Payara Micro still runs after a refused start").isTrue();
      assertThat(payara.exitValue()).as(stderr).isEqualTo(78);
      // The module's own line, not only the server's log record of the failed deployment.
      String line =
          stderr
              .lines()
              .filter(l -> l.startsWith("PHI Records refuses to start: "))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no refusal line on standard error"));
      assertThat(line).contains("(exit status 78");
      assertThat(line)
          .contains("identity: production requires TLS (tls=true) to MongoDB")
          .contains("jwt: production refuses tokens of the development issuer")
          .contains("crypto: production refuses the local development master key")
          .doesNotContain(PASSWORD)
          .doesNotContain(HOST);
      assertThat(stderr).doesNotContain(PASSWORD).doesNotContain(HOST);
    } finally {
      payara.destroyForcibly().waitFor();
      DevFiles.deleteTree(temp);
    }
  }
}
