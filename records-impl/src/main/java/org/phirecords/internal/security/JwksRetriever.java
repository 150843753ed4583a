package org.phirecords.internal.security;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.logging.Logger;
import org.phirecords.internal.net.PublicAddresses;

/**
 * Fetches an identity provider's JWKS only from where {@link PublicAddresses} allows, checked again
 * right before each connection (a name that resolved to a public address at registration may not
 * point inside the network later), and never following a redirect. The connection resolves the name
 * through the JVM's address cache that the check has just filled, so both see the same addresses
 * while {@code networkaddress.cache.ttl} is above zero (the JVM's default is 30 s).
 */
final class JwksRetriever extends DefaultResourceRetriever {
  private static final Logger LOG = Logger.getLogger(JwksRetriever.class.getName());

  private final PublicAddresses policy;

  JwksRetriever(PublicAddresses policy) {
    super(
        JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT,
        JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT,
        JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
    this.policy = policy;
  }

  @Override
  protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
    try {
      policy.require(url.toURI());
    } catch (PublicAddresses.NotPublicException | URISyntaxException e) {
      LOG.warning("JWKS fetch refused: " + e.getMessage());
      throw new IOException("JWKS URL refused: " + e.getMessage());
    }
    HttpURLConnection connection = super.openHTTPConnection(url);
    connection.setInstanceFollowRedirects(false);
    return connection;
  }
}
