package org.phirecords.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phirecords.error.StoreUnavailableException;

class StoreCallsTest {
  @Test
  void anUnreachableStoreIsToldApartFromOtherFailures() {
    ServerAddress address = new ServerAddress("127.0.0.1", 27017);
    List<RuntimeException> unreachable =
        List.of(
            new MongoTimeoutException("no server"),
            new MongoSocketReadException("reset", address),
            new MongoConnectionPoolClearedException(
                new ServerId(new ClusterId(), address), new MongoException("paused")));
    for (RuntimeException e : unreachable) {
      assertThatThrownBy(
              () ->
                  StoreCalls.reaching(
                      () -> {
                        throw e;
                      }))
          .isInstanceOf(StoreUnavailableException.class)
          .hasCause(e);
    }
    MongoException other = new MongoException(11000, "duplicate key");
    assertThatThrownBy(
            () ->
                StoreCalls.reaching(
                    () -> {
                      throw other;
                    }))
        .isSameAs(other);
    assertThat(StoreCalls.reaching(() -> "answer")).isEqualTo("answer");
  }
}
