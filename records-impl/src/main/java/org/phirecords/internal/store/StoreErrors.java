package org.phirecords.internal.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import java.util.HashSet;
import java.util.Set;

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

  /**
   * The positions an unordered insert refused as duplicate keys (ADR 34, 40); {@code e} itself if
   * anything else failed, a write concern included.
   */
  public static Set<Integer> duplicatePositions(MongoBulkWriteException e) {
    Set<Integer> duplicates = new HashSet<>();
    for (BulkWriteError error : e.getWriteErrors()) {
      if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      duplicates.add(error.getIndex());
    }
    if (e.getWriteConcernError() != null) {
      throw e;
    }
    return duplicates;
  }
}
