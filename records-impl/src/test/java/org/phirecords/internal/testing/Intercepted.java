package org.phirecords.internal.testing;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.mockito.Mockito;
import org.mockito.invocation.InvocationOnMock;
import org.phirecords.internal.security.AuthorizationInterceptor;
import org.phirecords.security.RequiresPermission;

/**
 * Calls a service the way the container does: every method bound by {@link RequiresPermission}
 * passes the real {@link AuthorizationInterceptor} (which opens the operation the service runs in);
 * other methods run as they are. A copy returned by such a method (e.g. {@code withClock}) is
 * wrapped the same way.
 */
public final class Intercepted {
  private Intercepted() {}

  /** {@code real}, intercepted by {@code interceptor}. */
  @SuppressWarnings("unchecked")
  public static <T> T through(AuthorizationInterceptor interceptor, T real) {
    Class<T> type = (Class<T>) real.getClass();
    return Mockito.mock(
        type,
        Mockito.withSettings()
            .spiedInstance(real)
            .defaultAnswer(
                invocation -> {
                  Method method = invocation.getMethod();
                  if (!method.isAnnotationPresent(RequiresPermission.class)) {
                    Object result = invocation.callRealMethod();
                    return type.isInstance(result) ? through(interceptor, (T) result) : result;
                  }
                  return interceptor.authorize(new Context(invocation));
                }));
  }

  /** What the interceptor sees of a call. */
  private record Context(InvocationOnMock invocation) implements InvocationContext {
    @Override
    public Object getTarget() {
      return invocation.getMock();
    }

    @Override
    public Object getTimer() {
      return null;
    }

    @Override
    public Method getMethod() {
      return invocation.getMethod();
    }

    @Override
    public Constructor<?> getConstructor() {
      return null;
    }

    @Override
    public Object[] getParameters() {
      return invocation.getArguments();
    }

    @Override
    public void setParameters(Object[] params) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Object> getContextData() {
      return new HashMap<>();
    }

    @Override
    public Object proceed() throws Exception {
      try {
        return invocation.callRealMethod();
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }
}
