package org.phirecords.internal.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the rare resource method that answers without a bearer token: it must return nothing but
 * public, PHI-free facts (such as where to sign in). The {@link AuthenticationGate} lets it pass.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Public {}
