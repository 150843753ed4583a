package org.phirecords.internal.store;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.function.Supplier;
import org.phirecords.error.StoreUnavailableException;

/** Calls to the store, with "the store cannot be reached" told apart from every other failure. */
public final class StoreCalls {
  private StoreCalls() {}

  /**
   * The result of {@code call}; {@link StoreUnavailableException} (503) when the store cannot be
   * reached: no server within the timeout, a broken connection, or a connection pool paused after
   * one (what a request meets in the moment a store goes down).
   */
  public static <T> T reaching(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw unreachable(e) ? new StoreUnavailableException(e) : e;
    }
  }

  /** Whether {@code e} says the store could not be reached (as opposed to refusing the call). */
  public static boolean unreachable(Throwable e) {
    return e instanceof MongoTimeoutException
        || e instanceof MongoSocketException
        || e instanceof MongoConnectionPoolClearedException;
  }
}
