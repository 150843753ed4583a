package com.example.ehr;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * An EHR vendor's own application embedding records-api and records-impl, behind its own MP-JWT
 * authentication (META-INF/microprofile-config.properties says whose tokens).
 */
@ApplicationScoped
@ApplicationPath("/ehr")
@LoginConfig(authMethod = "MP-JWT")
public class EhrApplication extends Application {}
