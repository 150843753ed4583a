package org.phirecords.internal.web;

/**
 * Describes throwables for logs without their messages: messages of driver and parser errors may
 * quote stored or submitted values, that is PHI. Class names and stack frames are kept.
 */
public final class SafeLog {
  private SafeLog() {}

  /** Class names and frames of {@code t} and its causes. */
  public static String describe(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable cur = t; cur != null; cur = cur.getCause() == cur ? null : cur.getCause()) {
      out.append(cur == t ? "" : "Caused by: ").append(cur.getClass().getName()).append('\n');
      StackTraceElement[] frames = cur.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, 25); i++) {
        out.append("\tat ").append(frames[i]).append('\n');
      }
    }
    return out.toString();
  }
}
