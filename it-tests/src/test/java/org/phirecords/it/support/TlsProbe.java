package org.phirecords.it.support;

import java.io.IOException;
import java.security.Security;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client in a JVM of its own ({@code TlsProbe HOST PORT PROTOCOL [CIPHER_SUITE]}): the JDK's
 * own refusal of TLS 1.0 and 1.1 is switched off before any TLS class loads, so that a refused
 * handshake can only come from the server. Offers only {@code PROTOCOL} (and only {@code
 * CIPHER_SUITE} when given). Prints {@code OK <protocol> <cipher suite>} (exit 0) or {@code REFUSED
 * <reason>} (exit 3).
 */
public final class TlsProbe {
  private TlsProbe() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Security.setProperty("jdk.tls.disabledAlgorithms", "");
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustAll()}, null);
    // Connecting is outside the try: a listener that is not there fails the probe (exit 1).
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(args[0], Integer.parseInt(args[1]))) {
      socket.setSoTimeout(10_000);
      handshake(socket, args);
    }
  }

  private static void handshake(SSLSocket socket, String[] args) {
    try {
      socket.setEnabledProtocols(new String[] {args[2]});
      if (args.length > 3) {
        socket.setEnabledCipherSuites(new String[] {args[3]});
      }
      socket.startHandshake();
      System.out.println(
          "OK " + socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite());
      System.exit(0);
    } catch (IOException refused) {
      // An alert, or the server closing the connection during the handshake.
      System.out.println("REFUSED " + refused);
      System.exit(3);
    }
  }

  /** Trusts the test server's self-signed certificate; a probe, never a client of real data. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
