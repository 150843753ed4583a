package org.phirecords.internal.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CIDR block ({@code 10.0.0.0/8}, {@code fc00::/7}) and the parsing of IP literals without any
 * name lookup: text that is not an IPv4 dotted quad or an IPv6 literal is no address here.
 */
public record AddressRange(byte[] network, int prefix) {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** Copies the network bytes and checks the prefix. */
  public AddressRange {
    network = network.clone();
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("prefix out of range");
    }
  }

  /** The block {@code cidr} ({@code a.b.c.d/n}, {@code x::/n}, or one address without a prefix). */
  public static AddressRange parse(String cidr) {
    String text = cidr.strip();
    int slash = text.indexOf('/');
    InetAddress address =
        literal(slash < 0 ? text : text.substring(0, slash))
            .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + cidr));
    int bits = address.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR prefix: " + cidr, e);
    }
    return new AddressRange(address.getAddress(), prefix);
  }

  /** The blocks of a comma-separated list (blank: none). */
  public static List<AddressRange> parseList(String list) {
    return Arrays.stream(list.split(","))
        .filter(s -> !s.isBlank())
        .map(AddressRange::parse)
        .toList();
  }

  /**
   * The IP address {@code text} spells (an IPv4 dotted quad, or an IPv6 literal, brackets allowed);
   * empty for anything else, host names included, which are never looked up.
   */
  public static Optional<InetAddress> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean v4 = IPV4.matcher(t).matches();
    if (!v4 && !(t.indexOf(':') >= 0 && IPV6.matcher(t).matches())) {
      return Optional.empty();
    }
    try {
      // A dotted quad or a text with colons is parsed, never resolved.
      return Optional.of(InetAddress.getByName(t));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code address} lies in this block (an IPv4 address never in an IPv6 block). */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange r && r.prefix == prefix && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
