package org.phirecords.internal.audit.chain;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.phirecords.audit.ChainCheckpoint;

/**
 * Checkpoints as JSON lines: {@code {"checkpoint":"phi-records-audit-chain","chain":...,"seq":...,
 * "hash":...,"at":"ISO instant","kid":...,"mac":...}}. Readers skip every other line, so a file
 * that mixes checkpoints with other JSON lines (a SIEM export) reads too.
 */
public final class CheckpointLines {
  static final String MARK = "phi-records-audit-chain";

  private CheckpointLines() {}

  /** The line of {@code checkpoint}, without its line break. */
  public static String line(ChainCheckpoint checkpoint) {
    return JSON.createObjectBuilder()
        .add("checkpoint", MARK)
        .add("chain", checkpoint.chain())
        .add("seq", checkpoint.seq())
        .add("hash", checkpoint.hash())
        .add("at", checkpoint.at().toString())
        .add("kid", checkpoint.keyId())
        .add("mac", checkpoint.mac())
        .build()
        .toString();
  }

  /** The checkpoint on {@code line}, if it holds a well-formed one. */
  public static Optional<ChainCheckpoint> parse(String line) {
    if (!line.contains(MARK)) {
      return Optional.empty();
    }
    try (JsonReader reader = JSON.createReader(new StringReader(line))) {
      JsonObject o = reader.readObject();
      if (!MARK.equals(o.getString("checkpoint", null))) {
        return Optional.empty();
      }
      return Optional.of(
          new ChainCheckpoint(
              o.getString("chain"),
              o.getJsonNumber("seq").longValueExact(),
              o.getString("hash"),
              Instant.parse(o.getString("at")),
              o.getString("kid"),
              o.getString("mac")));
    } catch (JsonException
        | ClassCastException
        | NullPointerException
        | ArithmeticException
        | DateTimeParseException e) {
      return Optional.empty(); // not a checkpoint: it seals nothing
    }
  }

  /**
   * The checkpoints of {@code chain} in {@code files}, each read with its rotated predecessors
   * ({@code FILE.1}, {@code FILE.2}... as long as they exist). A missing file holds none.
   */
  public static List<ChainCheckpoint> read(List<Path> files, String chain) {
    List<ChainCheckpoint> found = new ArrayList<>();
    for (Path file : files) {
      Path current = file;
      for (int i = 1; Files.exists(current); i++) {
        readInto(current, chain, found);
        current = file.resolveSibling(file.getFileName() + "." + i);
      }
    }
    return found;
  }

  private static void readInto(Path file, String chain, List<ChainCheckpoint> found) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        parse(line).filter(c -> c.chain().equals(chain)).ifPresent(found::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
