package org.phirecords.peer;

import java.nio.file.Path;

/**
 * How a peer server runs, from its command line: {@code --port P --mode bare|secured [--public-key
 * PEM --issuer ISS]}. Secured needs the public key and issuer of the tokens it accepts.
 *
 * @param port HTTP port (127.0.0.1)
 * @param secured with authorization, partitioning by tenant and BALP audit capture
 * @param publicKey PEM file of the RSA key that signs accepted tokens (secured only)
 * @param issuer the accepted tokens' issuer (secured only)
 */
public record PeerSettings(int port, boolean secured, Path publicKey, String issuer) {
  /** Parses the command line; throws IllegalArgumentException on anything else. */
  public static PeerSettings parse(String... args) {
    int port = -1;
    String mode = null;
    Path key = null;
    String issuer = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--mode" -> mode = args[i + 1];
        case "--public-key" -> key = Path.of(args[i + 1]);
        case "--issuer" -> issuer = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (port <= 0 || !("bare".equals(mode) || "secured".equals(mode))) {
      throw new IllegalArgumentException("usage: --port P --mode bare|secured");
    }
    boolean secured = "secured".equals(mode);
    if (secured && (key == null || issuer == null)) {
      throw new IllegalArgumentException("secured needs --public-key and --issuer");
    }
    return new PeerSettings(port, secured, key, issuer);
  }

  /** The H2 database, in memory for the process's life. */
  String jdbcUrl() {
    return "jdbc:h2:mem:hapi-" + (secured ? "secured" : "bare") + ";DB_CLOSE_DELAY=-1";
  }
}
