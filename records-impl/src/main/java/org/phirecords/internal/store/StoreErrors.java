package org.phirecords.internal.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;

/** Classifies driver errors without reading their messages (which may quote data). */
public final class StoreErrors {
  private static final int DUPLICATE_KEY = 11000;

  private StoreErrors() {}

  /** Whether {@code e} is a unique-index violation. */
  public static boolean isDuplicateKey(MongoException e) {
    if (e instanceof MongoWriteException write) {
      return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return e.getCode() == DUPLICATE_KEY;
  }
}
