package org.phirecords.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tools' command lines: what scripts pass is accepted, and bad arguments exit 2. */
class CommandLinesTest {
  private final StringWriter err = new StringWriter();

  private int run(Callable<Integer> tool, String... args) {
    return new CommandLine(tool)
        .setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void everyToolAnswersHelp() {
    assertThat(run(new DevLauncher(), "--help")).isZero();
    assertThat(run(new StoreServer(), "--help")).isZero();
    assertThat(run(new ContractTarget.Arguments(), "--help")).isZero();
    assertThat(run(new Soak.Arguments(), "--help")).isZero();
  }

  @Test
  void theLauncherTakesItsDefaultsFromTheStartCommandsSystemProperties() {
    System.setProperty("demo.port", "18080");
    try {
      DevLauncher launcher = new DevLauncher();
      new CommandLine(launcher).parseArgs();
      assertThat(launcher.port).isEqualTo(18080);
      assertThat(launcher.storePort).isEqualTo(27018);
      assertThat(launcher.data).isEqualTo(Path.of("data"));
      new CommandLine(launcher).parseArgs("--port", "9090");
      assertThat(launcher.port).isEqualTo(9090);
    } finally {
      System.clearProperty("demo.port");
    }
  }

  @Test
  void whatTheScriptsPassIsAccepted() {
    Soak.Arguments soak = new Soak.Arguments();
    new CommandLine(soak)
        .parseArgs("--seconds", "60", "--rate", "10", "--runtime", "records-dev/target/runtime");
    assertThat(soak.seconds).isEqualTo(60);
    assertThat(soak.rate).isEqualTo(10);

    ContractTarget.Arguments target = new ContractTarget.Arguments();
    new CommandLine(target)
        .parseArgs("--data", "target/run", "--runtime", "records-dev/target/runtime");
    assertThat(target.data).isEqualTo(Path.of("target/run"));
    assertThat(target.port).isZero();

    StoreServer store = new StoreServer();
    new CommandLine(store).parseArgs("27999", "target/store.mv");
    assertThat(store.port).isEqualTo(27999);
    assertThat(store.file).isEqualTo("target/store.mv");
  }

  @Test
  void badArgumentsExitTwoWithTheReason() {
    assertThat(run(new StoreServer(), "27999")).isEqualTo(2);
    assertThat(err.toString()).contains("FILE");
    assertThat(run(new ContractTarget.Arguments(), "--port", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--data");
    assertThat(run(new Soak.Arguments(), "--rate", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate at least 1");
    assertThat(run(new DevLauncher(), "--port", "eighty")).isEqualTo(2);
    assertThat(err.toString()).contains("eighty");
    assertThat(run(new Soak.Arguments(), "--sconds", "60")).isEqualTo(2);
    assertThat(err.toString()).contains("--sconds");
  }
}
