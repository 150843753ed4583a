package org.phirecords.it.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** An EHR vendor's own application embedding records-api and records-impl. */
@ApplicationScoped
@ApplicationPath("/ehr")
@LoginConfig(authMethod = "MP-JWT")
public class SampleApplication extends Application {}
