package org.phirecords;

import static org.assertj.core.api.Assertions.assertThat;

import japicmp.cli.JApiCli.ClassPathMode;
import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.config.Options;
import japicmp.model.AccessModifier;
import japicmp.output.semver.SemverOut;
import japicmp.versioning.SemanticVersion.ChangeType;
import japicmp.versioning.Version;
import japicmp.versioning.VersionChange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The compatibility rule of ADR 51, run through japicmp's own comparison as the build's check runs
 * it: the change a jar makes to the last release's API (major, minor, patch) must not exceed the
 * move of the version number. Shown on a deliberately broken copy of the baseline jar: a public
 * type removed.
 */
class ApiCompatibilityTest {
  private static final Path BASELINE = Path.of(System.getProperty("api.baseline.jar"));
  private static final String BASELINE_VERSION = System.getProperty("api.baseline.version");
  private static final String VERSION = System.getProperty("api.version");
  private static final Path WORK = Path.of("target", "api-compatibility");

  @Test
  void theBaselineJarIsTheOneItsChecksumNames() throws Exception {
    String expected =
        Files.readString(Path.of(BASELINE + ".sha256")).split("\\s+")[0].toLowerCase();
    String actual =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(BASELINE)));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void removingAPublicTypeNeedsANewMajorVersion() throws IOException {
    Path broken = withoutEntry(BASELINE, "org/phirecords/model/PatientId.class", "broken.jar");

    String level = requiredChange(BASELINE, broken);

    assertThat(level).isEqualTo(SemverOut.SEMVER_MAJOR);
    assertThat(allowed(level, BASELINE_VERSION, VERSION)).isFalse();
    assertThat(allowed(level, "1.0.0", "1.0.1")).isFalse();
    assertThat(allowed(level, "1.0.0", "2.0.0-SNAPSHOT")).isTrue();
  }

  @Test
  void theCurrentApiKeepsTheLastReleasesContract() throws IOException {
    Path current = jarOf(Path.of("target", "classes"), "current.jar");

    String level = requiredChange(BASELINE, current);

    assertThat(level).isNotEqualTo(SemverOut.SEMVER_MAJOR);
    assertThat(allowed(level, BASELINE_VERSION, VERSION)).isTrue();
  }

  /** japicmp's verdict on the change from {@code before} to {@code after}: "1.0.0" is major. */
  private static String requiredChange(Path before, Path after) {
    Options options = Options.newDefault();
    options.setAccessModifier(AccessModifier.PROTECTED);
    options.setOutputOnlyModifications(true);
    String classPath = System.getProperty("java.class.path");
    options.setClassPathMode(ClassPathMode.TWO_SEPARATE_CLASSPATHS);
    options.setOldClassPath(Optional.of(classPath));
    options.setNewClassPath(Optional.of(classPath));
    JarArchiveComparator comparator =
        new JarArchiveComparator(JarArchiveComparatorOptions.of(options));
    var classes =
        comparator.compare(
            new JApiCmpArchive(before.toFile(), "before"),
            new JApiCmpArchive(after.toFile(), "after"));
    return new SemverOut(options, classes).generate();
  }

  /** Whether moving from {@code from} to {@code to} permits a change at {@code level}. */
  private static boolean allowed(String level, String from, String to) {
    ChangeType moved =
        new VersionChange(List.of(semantic(from)), List.of(semantic(to)), false, false)
            .computeChangeType()
            .orElseThrow();
    ChangeType needed =
        switch (level) {
          case SemverOut.SEMVER_MAJOR -> ChangeType.MAJOR;
          case SemverOut.SEMVER_MINOR -> ChangeType.MINOR;
          case SemverOut.SEMVER_PATCH -> ChangeType.PATCH;
          default -> ChangeType.UNCHANGED;
        };
    return moved.getRank() >= needed.getRank();
  }

  private static japicmp.versioning.SemanticVersion semantic(String version) {
    return new Version(version).getSemanticVersion().orElseThrow();
  }

  private static Path withoutEntry(Path jar, String entry, String name) throws IOException {
    Path copy = WORK.resolve(name);
    Files.createDirectories(WORK);
    try (ZipFile in = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
      for (ZipEntry e : in.stream().toList()) {
        if (!e.getName().equals(entry)) {
          out.putNextEntry(new ZipEntry(e.getName()));
          in.getInputStream(e).transferTo(out);
          out.closeEntry();
        }
      }
    }
    return copy;
  }

  private static Path jarOf(Path classes, String name) throws IOException {
    Path jar = WORK.resolve(name);
    Files.createDirectories(WORK);
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream out = new ZipOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
