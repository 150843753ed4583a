package org.phirecords.internal.fhirimport;

import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.model.BulkImportId;
import org.phirecords.model.BulkImportStatus;
import org.phirecords.model.BulkImportStatus.FileProgress;
import org.phirecords.model.BulkImportStatus.LineError;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * The stored form of a bulk import job (ADR 40) and what is read from it: its status, whether every
 * chunk arrived, the start's update (line offsets of chunks, the lease free to claim), and the
 * requester the worker acts as (subject, issuer, roles, groups, system scopes' permissions: what
 * the authorization interceptor checks again at every chunk; no token is kept).
 */
final class BulkImportJobs {
  private BulkImportJobs() {}

  /** The requester's fields of a new job. */
  static Document requester(Caller caller) {
    return new Document("issuer", caller.issuer() == null ? "" : caller.issuer())
        .append("subject", caller.subject())
        .append("roles", caller.roles().stream().map(Enum::name).sorted().toList())
        .append("groups", List.copyOf(new TreeSet<>(caller.groups())))
        .append(
            "clientPermissions",
            caller.clientPermissions().stream().map(Enum::name).sorted().toList())
        .append("purpose", caller.purposeOfUse().name());
  }

  /** The caller a job's chunks are imported as: its requester, as stored. */
  static Caller caller(Document job, TenantId tenant) {
    Set<Role> roles =
        job.getList("roles", String.class).stream().map(Role::valueOf).collect(Collectors.toSet());
    Set<Permission> permissions =
        job.getList("clientPermissions", String.class, List.of()).stream()
            .map(Permission::valueOf)
            .collect(Collectors.toSet());
    return new Caller(
        job.getString("subject"),
        Optional.of(tenant),
        roles,
        Optional.empty(),
        PurposeOfUse.valueOf(job.getString("purpose")),
        "bulk-import",
        job.getString("issuer"),
        Set.copyOf(job.getList("groups", String.class, List.of())),
        permissions);
  }

  /** The lines of a chunk's text: each {@code \n} ends one; a last line without one counts. */
  static int lines(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return text.isEmpty() || text.endsWith("\n") ? n : n + 1;
  }

  /** {@code bytes} as UTF-8 text; null if they are not. */
  static String utf8(byte[] bytes) {
    try {
      return java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  /** The cancellation: state, and how long the status stays readable. */
  static Bson cancelled(Date expires) {
    return Updates.combine(
        Updates.set(BulkImportRepository.STATE, "CANCELLED"),
        Updates.set(BulkImportRepository.EXPIRES, expires));
  }

  /** Whether every chunk of every file was received. */
  static boolean complete(Document job) {
    for (Document f : job.getList(BulkImportRepository.FILES, Document.class)) {
      if (new TreeSet<>(f.getList("received", Integer.class)).size() != f.getInteger("chunks")) {
        return false;
      }
    }
    return true;
  }

  /** How many chunks the job has. */
  static int chunks(Document job) {
    return job.getList(BulkImportRepository.FILES, Document.class).stream()
        .mapToInt(f -> f.getInteger("chunks"))
        .sum();
  }

  /**
   * The start: running, free to claim at once, each file's chunks' first line offsets from the
   * stored chunks' line counts.
   */
  static Bson started(Document job, List<Document> counts, Date expires, Date now) {
    List<Document> files = job.getList(BulkImportRepository.FILES, Document.class);
    List<Bson> updates = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      long[] lines = new long[files.get(f).getInteger("chunks")];
      for (Document c : counts) {
        if (c.getInteger("file") == f) {
          lines[c.getInteger("k")] = c.getInteger("lines");
        }
      }
      List<Long> offsets = new ArrayList<>();
      long sum = 0;
      for (long l : lines) {
        offsets.add(sum);
        sum += l;
      }
      updates.add(Updates.set(BulkImportRepository.FILES + "." + f + ".offsets", offsets));
    }
    updates.add(Updates.set(BulkImportRepository.STATE, "RUNNING"));
    updates.add(Updates.set(BulkImportRepository.LEASE_OWNER, ""));
    updates.add(Updates.set(BulkImportRepository.LEASE_UNTIL, new Date(0)));
    updates.add(Updates.set("startedAt", now));
    updates.add(Updates.set(BulkImportRepository.EXPIRES, expires));
    return Updates.combine(updates);
  }

  /** The chunks still to import, as (file, chunk): Patient files first, each in order. */
  static List<int[]> pending(Document job) {
    List<Document> files = job.getList(BulkImportRepository.FILES, Document.class);
    List<int[]> order = new ArrayList<>();
    for (boolean patients : new boolean[] {true, false}) {
      for (int f = 0; f < files.size(); f++) {
        Document file = files.get(f);
        if ("Patient".equals(file.getString("type")) != patients) {
          continue;
        }
        Set<Integer> done = new TreeSet<>(file.getList("done", Integer.class));
        for (int k = 0; k < file.getInteger("chunks"); k++) {
          if (!done.contains(k)) {
            order.add(new int[] {f, k});
          }
        }
      }
    }
    return order;
  }

  static BulkImportStatus status(Document job) {
    List<FileProgress> files = new ArrayList<>();
    for (Document f : job.getList(BulkImportRepository.FILES, Document.class)) {
      files.add(
          new FileProgress(
              f.getString("type"),
              f.getInteger("chunks"),
              List.copyOf(new TreeSet<>(f.getList("received", Integer.class))),
              new TreeSet<>(f.getList("done", Integer.class)).size(),
              f.get("lines", Number.class).longValue(),
              f.get("failed", Number.class).longValue()));
    }
    List<LineError> errors =
        job.getList(BulkImportRepository.ERRORS, Document.class).stream()
            .map(
                e ->
                    new LineError(
                        e.getInteger("file"),
                        e.get("line", Number.class).longValue(),
                        e.getString("code")))
            .toList();
    return new BulkImportStatus(
        new BulkImportId(job.getString(BulkImportRepository.ID)),
        job.getString(BulkImportRepository.STATE),
        files,
        errors,
        job.get(BulkImportRepository.FAILED, Number.class).longValue());
  }

  static long linesDone(BulkImportStatus status) {
    return status.files().stream().mapToLong(FileProgress::linesDone).sum();
  }
}
