package org.phirecords.internal.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsMode;

/**
 * Where the module may fetch an identity provider's keys from (issue 22 item 8, SSRF): an {@code
 * https} URL whose host resolves only to public addresses. Refused: loopback, unspecified ({@code
 * 0.0.0.0/8}, {@code ::}), private (RFC 1918, unique local {@code fc00::/7}, site local), link
 * local (with the cloud metadata address {@code 169.254.169.254}), shared CGNAT ({@code
 * 100.64.0.0/10}), multicast, reserved and broadcast ({@code 240.0.0.0/4}), and IPv6 addresses that
 * embed an IPv4 one (NAT64, 6to4, IPv4-compatible) whose IPv4 address is refused. Every address a
 * name resolves to must pass. Development mode also allows {@code http} and {@code https} to
 * loopback addresses (the tests' and the demo's identity provider).
 */
public final class PublicAddresses {
  /** Turns a host name into its addresses; a seam so that tests need no DNS. */
  @FunctionalInterface
  public interface Resolver {
    /** All addresses of {@code host}. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** The system's resolver (and the JVM's address cache). */
  public static final Resolver SYSTEM = InetAddress::getAllByName;

  private static final List<AddressRange> REFUSED =
      AddressRange.parseList(
          "0.0.0.0/8,10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,"
              + "192.0.0.0/24,192.168.0.0/16,198.18.0.0/15,224.0.0.0/4,240.0.0.0/4,"
              + "::/128,::1/128,fc00::/7,fe80::/10,fec0::/10,ff00::/8");

  private final Resolver resolver;
  private final boolean loopbackAllowed;

  /** Resolving with {@code resolver}; loopback allowed only if {@code loopbackAllowed}. */
  public PublicAddresses(Resolver resolver, boolean loopbackAllowed) {
    this.resolver = resolver;
    this.loopbackAllowed = loopbackAllowed;
  }

  /**
   * The rule for identity providers' JWKS URLs in the mode of {@code config}: loopback allowed in
   * development mode only.
   */
  public static PublicAddresses forJwks(RecordsConfig config) {
    return new PublicAddresses(SYSTEM, config.mode() == RecordsMode.DEVELOPMENT);
  }

  /** Why {@code address} is not public, or empty if it is. */
  public static Optional<String> notPublic(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("unspecified");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("link-local");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("multicast");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("private");
    }
    Optional<InetAddress> embedded = embeddedIpv4(address.getAddress());
    if (embedded.isPresent()) {
      return notPublic(embedded.get()).map(why -> why + " (embedded in IPv6)");
    }
    return REFUSED.stream()
        .filter(r -> r.contains(address))
        .findFirst()
        .map(r -> "not public (" + r + ")");
  }

  /**
   * Checks {@code uri} and every address its host resolves to now; throws {@link
   * NotPublicException} saying why not.
   */
  public void require(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isEmpty() || uri.getUserInfo() != null) {
      throw new NotPublicException("must be an https URL with a host and no user info");
    }
    InetAddress[] addresses;
    try {
      addresses = AddressRange.literal(host).map(a -> new InetAddress[] {a}).orElse(null);
      if (addresses == null) {
        addresses = resolver.resolve(host);
      }
    } catch (UnknownHostException e) {
      throw new NotPublicException("its host does not resolve");
    }
    boolean allLoopback = addresses.length > 0;
    for (InetAddress a : addresses) {
      allLoopback &= a.isLoopbackAddress();
    }
    if (loopbackAllowed && allLoopback && (scheme.equals("https") || scheme.equals("http"))) {
      return;
    }
    if (!scheme.equals("https")) {
      throw new NotPublicException("must be an https URL");
    }
    if (addresses.length == 0) {
      throw new NotPublicException("its host does not resolve");
    }
    for (InetAddress a : addresses) {
      Optional<String> why = notPublic(a);
      if (why.isPresent()) {
        throw new NotPublicException(
            "must reach a public address; its host has a " + why.get() + " address");
      }
    }
  }

  private static Optional<InetAddress> embeddedIpv4(byte[] a) {
    if (a.length != 16) {
      return Optional.empty();
    }
    int from;
    if (a[0] == 0x20 && a[1] == 0x02) {
      from = 2; // 6to4 2002:AABB:CCDD::/48
    } else if (prefix(a, new int[] {0, 0x64, 0xff, 0x9b}, 12) || prefix(a, new int[] {}, 12)) {
      from = 12; // NAT64 64:ff9b::/96 and IPv4-compatible ::/96
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(
          InetAddress.getByAddress(new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]}));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code a} starts with {@code head} and is zero from there up to {@code length}. */
  private static boolean prefix(byte[] a, int[] head, int length) {
    for (int i = 0; i < length; i++) {
      int expected = i < head.length ? head[i] : 0;
      if ((a[i] & 0xff) != expected) {
        return false;
      }
    }
    return true;
  }

  /** A URL that may not be fetched; the message says why, naming no address. */
  public static final class NotPublicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotPublicException(String why) {
      super(why);
    }
  }
}
