package org.phirecords.internal.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.config.RecordsConfig;

/**
 * The token settings of the platform: its issuer ({@code mp.jwt.verify.issuer}), its key ({@code
 * mp.jwt.verify.publickey.location}, read once), and the audiences every token must name.
 */
final class PlatformIssuer {
  private static final Logger LOG = Logger.getLogger(PlatformIssuer.class.getName());

  private final RecordsConfig config;
  private final Function<String, UnauthenticatedException> refused;
  private volatile VerificationKeys keys;

  PlatformIssuer(RecordsConfig config, Function<String, UnauthenticatedException> refused) {
    this.config = config;
    this.refused = refused;
  }

  /** Whether {@code issuer} is the platform's. */
  boolean issued(String issuer) {
    Optional<String> platform = config.value("mp.jwt.verify.issuer");
    return platform.isPresent() && platform.get().equals(issuer);
  }

  /**
   * The audiences a token must name one of ({@code mp.jwt.verify.audiences}, comma-separated), for
   * the platform issuer and tenants' identity providers alike; not configured: not checked.
   */
  Optional<Set<String>> audiences() {
    return config
        .value("mp.jwt.verify.audiences")
        .map(
            v ->
                Arrays.stream(v.split(","))
                    .map(String::trim)
                    .filter(a -> !a.isEmpty())
                    .collect(Collectors.toUnmodifiableSet()))
        .filter(a -> !a.isEmpty());
  }

  /** The platform's verification keys. */
  VerificationKeys keys() {
    VerificationKeys known = keys;
    if (known == null) {
      String location =
          config
              .value("mp.jwt.verify.publickey.location")
              .orElseThrow(() -> refused.apply("no platform key configured"));
      known = VerificationKeys.fromText(read(location));
      keys = known;
    }
    return known;
  }

  private String read(String location) {
    try (InputStream in =
        location.startsWith("file:")
            ? URI.create(location).toURL().openStream()
            : Thread.currentThread()
                .getContextClassLoader()
                .getResourceAsStream(
                    location.replaceFirst("^classpath:", "").replaceFirst("^/", ""))) {
      if (in == null) {
        throw new IOException("not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.severe("platform token key cannot be read: " + e.getClass().getSimpleName());
      throw refused.apply("platform key unreadable");
    }
  }
}
