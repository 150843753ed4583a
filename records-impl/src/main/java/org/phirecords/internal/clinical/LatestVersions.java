package org.phirecords.internal.clinical;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Projections.include;
import static org.phirecords.internal.clinical.ClinicalDocuments.EFFECTIVE_DATE;
import static org.phirecords.internal.clinical.ClinicalDocuments.ID;
import static org.phirecords.internal.clinical.ClinicalDocuments.PATIENT;
import static org.phirecords.internal.clinical.ClinicalDocuments.VERSION;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.store.Keyset;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.PatientId;

/**
 * Keyset paging over the latest version of each entry of a patient (ADR 19). Versions are immutable
 * documents, so "latest" is not stored: the versions are walked in the order (effective date
 * descending, entry id, version descending) of the index (tenant, patient, effectiveDate, recordId,
 * version), in batches, and a version is taken when no higher version of its entry exists (one
 * covered query on (tenant, record, version) per batch). An entry thus appears once, at its latest
 * version's place; an entry updated between two pages may move.
 */
final class LatestVersions {
  private final TenantScopedCollection entries;
  private final Bson of;
  private final Bson owner;

  /**
   * The versions of {@code entries} matching {@code of}, all of the patient {@code owner} matches:
   * naming the patient in every query lets a handle reaching below the tenant check it once (ADR
   * 27) instead of probing the versions' patients.
   */
  LatestVersions(TenantScopedCollection entries, Bson of, Bson owner) {
    this.entries = entries;
    this.of = of;
    this.owner = owner;
  }

  /**
   * Up to {@code max} latest versions after the entry {@code afterId} whose latest version is
   * effective on {@code afterDate} (both empty: from the start).
   */
  List<Document> read(Optional<String> afterDate, Optional<String> afterId, int max) {
    List<Document> found = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    List<Keyset.Key> position =
        afterDate.isPresent()
            ? List.of(
                Keyset.Key.desc(EFFECTIVE_DATE, afterDate.get()),
                Keyset.Key.asc(ID, afterId.orElseThrow()))
            : List.of();
    afterId.ifPresent(taken::add);
    int batch = Math.max(16, max * 2);
    while (found.size() < max) {
      Bson filter = position.isEmpty() ? of : and(of, Keyset.after(position));
      List<Document> versions = entries.find(filter, null, ClinicalDocuments.NEWEST_FIRST, batch);
      Map<String, Long> latest = latestVersionNumbers(versions);
      for (Document v : versions) {
        String id = v.getString(ID);
        if (number(v) == latest.get(id) && taken.add(id)) {
          found.add(v);
          if (found.size() == max) {
            break;
          }
        }
      }
      if (versions.size() < batch) {
        break;
      }
      Document last = versions.get(versions.size() - 1);
      position =
          List.of(
              Keyset.Key.desc(EFFECTIVE_DATE, last.getString(EFFECTIVE_DATE)),
              Keyset.Key.asc(ID, last.getString(ID)),
              Keyset.Key.desc(VERSION, last.get(VERSION)));
    }
    return found;
  }

  /** The entries of {@code patients}: one, or a survivor and those merged into it (ADR 36). */
  static Bson owners(List<PatientId> patients) {
    return patients.size() == 1
        ? eq(PATIENT, patients.get(0).value())
        : in(PATIENT, patients.stream().map(PatientId::value).toList());
  }

  /** The highest version of each entry among {@code versions}, read from the store. */
  private Map<String, Long> latestVersionNumbers(List<Document> versions) {
    Map<String, Long> latest = new HashMap<>();
    if (versions.isEmpty()) {
      return latest;
    }
    List<String> ids = versions.stream().map(v -> v.getString(ID)).distinct().toList();
    for (Document d : entries.find(and(owner, in(ID, ids)), include(ID, VERSION), null, 0)) {
      latest.merge(d.getString(ID), number(d), Math::max);
    }
    return latest;
  }

  private static long number(Document version) {
    return version.get(VERSION, Number.class).longValue();
  }
}
