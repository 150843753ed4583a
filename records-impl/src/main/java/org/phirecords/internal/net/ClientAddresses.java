package org.phirecords.internal.net;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.phirecords.internal.config.RecordsConfig;

/**
 * The client address of a request, for the audit trail and the limit on failed authentication: the
 * servlet's remote address, or, when that peer is one of {@code records.http.trusted-proxies} (a
 * comma-separated CIDR list, empty by default), the right-most address of {@code X-Forwarded-For}
 * that is not itself a trusted proxy. Addresses left of it may be forged by the client and are
 * never used; an entry that is not an IP literal ends the walk at the trusted hop to its right.
 */
@ApplicationScoped
public class ClientAddresses {
  private List<AddressRange> trusted = List.of();
  private Instance<HttpServletRequest> requests;

  /** For CDI. */
  protected ClientAddresses() {}

  /** Trusting the proxies of {@code config}; the current request from {@code requests}. */
  @Inject
  public ClientAddresses(RecordsConfig config, Instance<HttpServletRequest> requests) {
    this(
        config
            .value("records.http.trusted-proxies")
            .map(AddressRange::parseList)
            .orElse(List.of()));
    this.requests = requests;
  }

  /** Trusting {@code trusted} (tests). */
  public ClientAddresses(List<AddressRange> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /** The client address of {@code request}. */
  public String of(HttpServletRequest request) {
    if (trusted.isEmpty()) {
      return resolve(request.getRemoteAddr(), List.of());
    }
    var headers = request.getHeaders("X-Forwarded-For");
    return resolve(
        request.getRemoteAddr(), headers == null ? List.of() : Collections.list(headers));
  }

  /** The client address of the request being served on this thread, if there is one. */
  public Optional<String> current() {
    try {
      if (requests == null || !requests.isResolvable()) {
        return Optional.empty();
      }
      return Optional.of(of(requests.get()));
    } catch (RuntimeException noActiveRequest) {
      return Optional.empty();
    }
  }

  /**
   * The client address for a connection from {@code peer} with the {@code X-Forwarded-For} header
   * values {@code forwarded} (in the order received).
   */
  public String resolve(String peer, List<String> forwarded) {
    Optional<InetAddress> direct = AddressRange.literal(peer);
    if (direct.isEmpty()) {
      return peer == null ? "unknown" : peer;
    }
    if (!isTrusted(direct.get())) {
      return direct.get().getHostAddress();
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwarded) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.strip());
        }
      }
    }
    InetAddress client = direct.get();
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = AddressRange.literal(hops.get(i));
      if (hop.isEmpty()) {
        break;
      }
      client = hop.get();
      if (!isTrusted(client)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  private boolean isTrusted(InetAddress address) {
    return trusted.stream().anyMatch(r -> r.contains(address));
  }
}
