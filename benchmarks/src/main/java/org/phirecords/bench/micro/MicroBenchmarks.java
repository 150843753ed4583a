package org.phirecords.bench.micro;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH microbenchmarks of the module's protections: the authorization interceptor, field
 * encryption and decryption, audit event hashing and chain verification, each beside its
 * unprotected baseline in the same run.
 */
public final class MicroBenchmarks {
  private MicroBenchmarks() {}

  /**
   * Runs them. A smoke run stays in this JVM with one short iteration (proves they run, measures
   * nothing worth reading); a full run forks a JVM per benchmark, which needs this JVM's class path
   * on {@code java.class.path} (as {@code java -cp ...} gives it).
   */
  public static Collection<RunResult> run(boolean smoke) throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(MicroBenchmarks.class.getPackageName() + "\\..*")
            .include("org\\.phirecords\\.internal\\.audit\\..*Bench.*")
            .shouldFailOnError(true);
    if (smoke) {
      options
          .forks(0)
          .warmupIterations(0)
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(200))
          .param("events", "500");
    } else {
      options
          .forks(1)
          .warmupIterations(3)
          .warmupTime(TimeValue.seconds(1))
          // Nine: a median of the chain passes (single shots) that one slow pass cannot move.
          .measurementIterations(9)
          .measurementTime(TimeValue.seconds(1))
          .timeout(TimeValue.minutes(5));
    }
    return new Runner(options.build()).run();
  }
}
