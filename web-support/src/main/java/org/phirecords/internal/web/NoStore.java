package org.phirecords.internal.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * API answers may carry PHI: no browser or proxy may keep them ({@code Cache-Control: no-store}),
 * so nothing outlives the page that asked.
 */
@Provider
public class NoStore implements ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle("Cache-Control", "no-store");
    response.getHeaders().putSingle("Pragma", "no-cache");
  }
}
