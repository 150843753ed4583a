package org.phirecords.bench.micro;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.phirecords.internal.link.LinkedRecords;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.security.AuthorizationInterceptor;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;

/**
 * The authorization interceptor around a trivial service method: the check alone (tenant state
 * known), the check with its real per-request registry lookup over the wire, and the bare call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthorizationBench {
  private static final PatientId PATIENT = new PatientId("BBBBBBBBBBBBBBBBBBBBBB");

  /** The guarded service. */
  public static class Service {
    /** What the interceptor guards. */
    @RequiresPermission(Permission.PATIENT_READ)
    public PatientId read(PatientId patient) {
      return patient;
    }
  }

  private final Service service = new Service();
  private StoreFixture fixture;
  private AuthorizationInterceptor checkOnly;
  private AuthorizationInterceptor withRegistry;
  private Call call;

  /** Registers the tenant and wires both interceptors. */
  @Setup
  public void setUp() throws NoSuchMethodException {
    fixture = new StoreFixture();
    TenantId tenant = new TenantId("bench-tenant");
    fixture
        .collections
        .tenantRegistry()
        .insertOne(new Document("_id", tenant.value()).append("status", "ACTIVE"));
    Caller physician = StoreFixture.staff(tenant.value(), Role.PHYSICIAN);
    CurrentCaller callers = new CurrentCaller(() -> Optional.of(physician));
    TenantStatusLookup known =
        new TenantStatusLookup(fixture.collections) {
          @Override
          public Optional<TenantStatus> status(TenantId id) {
            return Optional.of(TenantStatus.ACTIVE);
          }
        };
    Operations operations = new Operations(fixture.collections, fixture.audit);
    LinkedRecords links = new LinkedRecords(fixture.collections);
    // A tenant without grants, as every tenant before organisation scope (ADR 27).
    checkOnly =
        new AuthorizationInterceptor(
            callers, known, fixture.audit, operations, links, fixture.scopes);
    withRegistry =
        new AuthorizationInterceptor(
            callers,
            new TenantStatusLookup(fixture.collections),
            fixture.audit,
            operations,
            links,
            fixture.scopes);
    call = new Call(service, Service.class.getMethod("read", PatientId.class));
  }

  /** Closes the store. */
  @TearDown
  public void tearDown() {
    fixture.close();
  }

  /** Baseline: the method without any check. */
  @Benchmark
  public Object bareCall() {
    return service.read(PATIENT);
  }

  /** The permission check, tenant state known. */
  @Benchmark
  public Object interceptorCheck() throws Exception {
    return checkOnly.authorize(call);
  }

  /** The permission check with its registry lookup (one indexed read) as on every request. */
  @Benchmark
  public Object interceptorWithRegistryLookup() throws Exception {
    return withRegistry.authorize(call);
  }

  /** A minimal invocation context: a direct call of the target method. */
  private static final class Call implements InvocationContext {
    private final Service target;
    private final Method method;
    private final Object[] parameters = {PATIENT};
    private final Map<String, Object> data = new HashMap<>();

    Call(Service target, Method method) {
      this.target = target;
      this.method = method;
    }

    @Override
    public Object getTarget() {
      return target;
    }

    @Override
    public Object getTimer() {
      return null;
    }

    @Override
    public Method getMethod() {
      return method;
    }

    @Override
    public Constructor<?> getConstructor() {
      return null;
    }

    @Override
    public Object[] getParameters() {
      return parameters;
    }

    @Override
    public void setParameters(Object[] params) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Object> getContextData() {
      return data;
    }

    @Override
    public Object proceed() {
      return target.read((PatientId) parameters[0]);
    }
  }
}
