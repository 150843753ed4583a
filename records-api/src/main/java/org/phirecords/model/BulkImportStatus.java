package org.phirecords.model;

import java.util.List;

/**
 * Where a bulk import job stands (ADR 40): ids, counts, line numbers and codes, never values.
 *
 * @param id the job
 * @param state {@code CREATED} (taking chunks), {@code RUNNING}, {@code DONE}, {@code FAILED} or
 *     {@code CANCELLED}
 * @param files per file, in the order the job named them
 * @param errors the first lines refused, by file, line (from 1) and code
 * @param failedLines all lines refused, across files
 */
public record BulkImportStatus(
    BulkImportId id,
    String state,
    List<FileProgress> files,
    List<LineError> errors,
    long failedLines) {

  /**
   * One file's progress.
   *
   * @param type its resource type
   * @param chunks how many chunks it has
   * @param received the chunks stored so far (a client re-sends the others)
   * @param chunksDone the chunks processed
   * @param linesDone lines imported or found already present
   * @param linesFailed lines refused
   */
  public record FileProgress(
      String type,
      int chunks,
      List<Integer> received,
      int chunksDone,
      long linesDone,
      long linesFailed) {}

  /**
   * A refused line.
   *
   * @param file the file's position in the job (from 0)
   * @param line the line's number in its file (from 1)
   * @param code the module's error code
   */
  public record LineError(int file, long line, String code) {}
}
