package org.phirecords.internal.posture;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.phirecords.internal.config.RecordsMode;

/**
 * Ends the process when the posture check refuses to start (ADR 49), so that a supervisor sees a
 * failed start instead of a server left running without the application. Configured by {@code
 * records.startup.exit-on-refusal}: on by default in production, off in development and for
 * embedders that share their server with other applications.
 */
final class RefusalExit {
  /** The exit status, {@code EX_CONFIG} of sysexits.h: a configuration error. */
  static final int STATUS = 78;

  /** Longest wait for the shutdown hooks before the process is halted. */
  static final long HALT_AFTER_SECONDS = 30;

  private static final Logger LOG = Logger.getLogger(RefusalExit.class.getName());

  private RefusalExit() {}

  /**
   * Whether a refusal ends the process: {@code records.startup.exit-on-refusal} when set ({@code
   * true} or {@code false}, anything else is itself a refusal), else whether {@code mode} is
   * production.
   */
  static boolean enabled(RecordsMode mode, Optional<String> setting) {
    return setting
        .map(String::trim)
        .map(
            v -> {
              if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
              }
              throw new IllegalStateException(
                  "PHI Records refuses to start: records.startup.exit-on-refusal must be true or"
                      + " false");
            })
        .orElse(mode == RecordsMode.PRODUCTION);
  }

  /** The line written to standard error: the reasons, which name settings, never their values. */
  static String message(String report) {
    return "PHI Records refuses to start: "
        + report
        + " (exit status "
        + STATUS
        + "; records.startup.exit-on-refusal, docs/operations.md)";
  }

  /**
   * Writes {@code report} to the process's own standard error (not the server's redirected {@code
   * System.err}) and ends the process with {@link #STATUS} from another thread, while the caller
   * goes on to fail the deployment; halts if the shutdown hooks have not ended in {@link
   * #HALT_AFTER_SECONDS}.
   */
  static void exitLater(String report) {
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    err.println(message(report));
    err.flush();
    Thread halt =
        new Thread(
            () -> {
              try {
                TimeUnit.SECONDS.sleep(HALT_AFTER_SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(STATUS);
            },
            "phi-records-refusal-halt");
    halt.setDaemon(true);
    Thread exit =
        new Thread(
            () -> {
              LOG.log(Level.SEVERE, "PHI Records ends the process with status {0}", STATUS);
              halt.start();
              System.exit(STATUS);
            },
            "phi-records-refusal-exit");
    exit.start();
  }
}
