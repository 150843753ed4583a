package org.phirecords.internal.export;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.model.ExportId;

/**
 * The parts of one export file in order, each read and decrypted only when reached, so that a
 * download streams a file of any size (ADR 38). A part removed meanwhile (the file expired and was
 * swept) ends the download with {@code PHR-410-05}; a part that is not ciphertext with {@code
 * PHR-500-02}.
 */
final class ExportParts implements Iterator<String> {
  private final ExportRepository jobs;
  private final FreeTextProtection freeText;
  private final ExportId id;
  private final String type;
  private final int parts;
  private int next;

  ExportParts(
      ExportRepository jobs, FreeTextProtection freeText, ExportId id, String type, int parts) {
    this.jobs = jobs;
    this.freeText = freeText;
    this.id = id;
    this.type = type;
    this.parts = parts;
  }

  @Override
  public boolean hasNext() {
    return next < parts;
  }

  @Override
  public String next() {
    if (next >= parts) {
      throw new NoSuchElementException();
    }
    Object stored =
        jobs.part(id, type, next++)
            .orElseThrow(() -> new RecordsException(ErrorCode.EXPORT_EXPIRED));
    if (FreeTextProtection.isPlaintext(stored)) {
      throw new RecordsException(ErrorCode.INTEGRITY);
    }
    return freeText.open(jobs.tenant(), stored);
  }
}
