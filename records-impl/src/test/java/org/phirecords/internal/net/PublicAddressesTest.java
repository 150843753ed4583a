package org.phirecords.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PublicAddressesTest {
  private static InetAddress ip(String literal) {
    return AddressRange.literal(literal).orElseThrow();
  }

  @Test
  void everyClassOfNonPublicAddressIsRefused() {
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry("127.0.0.1", "loopback"),
            Map.entry("127.8.9.10", "loopback"),
            Map.entry("::1", "loopback"),
            Map.entry("10.1.2.3", "private"),
            Map.entry("172.16.0.1", "private"),
            Map.entry("172.31.255.254", "private"),
            Map.entry("192.168.0.1", "private"),
            Map.entry("fc00::1", "not public"),
            Map.entry("fd12:3456::1", "not public"),
            Map.entry("169.254.169.254", "link-local"),
            Map.entry("fe80::1", "link-local"),
            Map.entry("224.0.0.1", "multicast"),
            Map.entry("ff02::1", "multicast"),
            Map.entry("0.0.0.0", "unspecified"),
            Map.entry("::", "unspecified"),
            Map.entry("100.64.0.1", "not public"),
            Map.entry("100.127.255.255", "not public"),
            Map.entry("255.255.255.255", "not public"),
            Map.entry("64:ff9b::a9fe:a9fe", "link-local (embedded in IPv6)"),
            Map.entry("2002:0a00:0001::1", "private (embedded in IPv6)"));
    refused.forEach(
        (address, why) ->
            assertThat(PublicAddresses.notPublic(ip(address)))
                .as(address)
                .hasValueSatisfying(w -> assertThat(w).startsWith(why)));
    for (String address :
        List.of("93.184.215.14", "100.128.0.1", "172.32.0.1", "2606:4700::1111")) {
      assertThat(PublicAddresses.notPublic(ip(address))).as(address).isEmpty();
    }
  }

  @Test
  void productionNeedsHttpsToPublicAddressesOnly() {
    PublicAddresses production =
        new PublicAddresses(host -> new InetAddress[] {ip("93.184.215.14")}, false);
    production.require(URI.create("https://idp.example.org/jwks"));
    production.require(URI.create("https://93.184.215.14/jwks"));
    assertThatThrownBy(() -> production.require(URI.create("http://idp.example.org/jwks")))
        .hasMessageContaining("https");
    for (String url :
        List.of(
            "https://127.0.0.1/jwks",
            "https://[::1]/jwks",
            "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.5/jwks",
            "https://100.64.1.1/jwks",
            "https://[fd00::5]/jwks",
            "http://127.0.0.1:8080/jwks")) {
      assertThatThrownBy(() -> production.require(URI.create(url)))
          .as(url)
          .isInstanceOf(PublicAddresses.NotPublicException.class);
    }
  }

  @Test
  void everyResolvedAddressMustBePublic() {
    PublicAddresses production =
        new PublicAddresses(host -> new InetAddress[] {ip("93.184.215.14"), ip("10.0.0.8")}, false);
    assertThatThrownBy(() -> production.require(URI.create("https://idp.example.org/jwks")))
        .hasMessageContaining("private");
    PublicAddresses unresolved =
        new PublicAddresses(
            host -> {
              throw new UnknownHostException(host);
            },
            false);
    assertThatThrownBy(() -> unresolved.require(URI.create("https://idp.example.org/jwks")))
        .hasMessageContaining("does not resolve");
  }

  @Test
  void aNameIsResolvedAgainAtEachCheckSoARebindingIsCaught() {
    AtomicReference<InetAddress> answer = new AtomicReference<>(ip("93.184.215.14"));
    PublicAddresses production =
        new PublicAddresses(host -> new InetAddress[] {answer.get()}, false);
    URI uri = URI.create("https://idp.example.org/jwks");
    production.require(uri);
    answer.set(ip("169.254.169.254"));
    assertThatThrownBy(() -> production.require(uri)).hasMessageContaining("link-local");
  }

  @Test
  void developmentAlsoAllowsTheLoopbackInterfaceAndNothingElsePrivate() {
    PublicAddresses development =
        new PublicAddresses(host -> new InetAddress[] {ip("127.0.0.1")}, true);
    development.require(URI.create("http://127.0.0.1:8080/jwks"));
    development.require(URI.create("http://localhost:8080/jwks"));
    assertThatThrownBy(() -> development.require(URI.create("http://10.0.0.5/jwks")))
        .hasMessageContaining("https");
    assertThatThrownBy(() -> development.require(URI.create("https://169.254.169.254/jwks")))
        .hasMessageContaining("link-local");
  }
}
