package org.phirecords.bench.baseline;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The bare baseline at {@code /bench-baseline/api}: no authentication at all. */
@ApplicationPath("/api")
public class BaselineApplication extends Application {}
