package org.phirecords.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private final ClientAddresses none = new ClientAddresses(List.of());
  private final ClientAddresses behindProxies =
      new ClientAddresses(AddressRange.parseList("10.0.0.0/8, 192.168.1.5, fd00::/8"));

  @Test
  void withoutTrustedProxiesTheDirectPeerIsTheClientWhateverTheHeaderSays() {
    assertThat(none.resolve("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
    assertThat(behindProxies.resolve("203.0.113.7", List.of("10.0.0.9, 198.51.100.1")))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void theRightMostUntrustedAddressBehindTrustedProxiesIsTheClient() {
    // The client forged the left-most entry; the first proxy appended the real peer.
    assertThat(
            behindProxies.resolve(
                "10.0.0.2", List.of("1.2.3.4, 198.51.100.1", "192.168.1.5, 10.0.0.3")))
        .isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("fd00::2", List.of("2001:db8::7")))
        .isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void aTrustedPeerWithoutAHeaderIsItselfTheClient() {
    assertThat(behindProxies.resolve("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
    assertThat(behindProxies.resolve("10.0.0.2", List.of("10.0.0.3"))).isEqualTo("10.0.0.3");
  }

  @Test
  void anEntryThatIsNoAddressEndsTheWalkAtTheTrustedHopToItsRight() {
    assertThat(behindProxies.resolve("10.0.0.2", List.of("198.51.100.1, evil.example")))
        .isEqualTo("10.0.0.2");
    assertThat(behindProxies.resolve("10.0.0.2", List.of("198.51.100.1, 10.0.0.4, 1.2.3.4:80")))
        .as("a port is no address")
        .isEqualTo("10.0.0.2");
  }

  @Test
  void rangesMatchByPrefixAndFamily() {
    AddressRange r = AddressRange.parse("100.64.0.0/10");
    assertThat(r.contains(AddressRange.literal("100.127.255.255").orElseThrow())).isTrue();
    assertThat(r.contains(AddressRange.literal("100.128.0.0").orElseThrow())).isFalse();
    assertThat(r.contains(AddressRange.literal("::ffff:100.64.0.1").orElseThrow()))
        .as("an IPv4-mapped address is the IPv4 address")
        .isTrue();
    assertThat(
            AddressRange.parse("fc00::/7").contains(AddressRange.literal("fdff::1").orElseThrow()))
        .isTrue();
    assertThat(AddressRange.literal("localhost")).as("names are never looked up").isEmpty();
    assertThat(AddressRange.literal("127.1")).isEmpty();
  }
}
