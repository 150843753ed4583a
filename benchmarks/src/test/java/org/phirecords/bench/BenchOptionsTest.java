package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void everyScenarioUnlessSomeAreChosen() {
    assertThat(BenchRun.Options.parse("--patients", "5").selected())
        .containsExactlyElementsOf(Scenarios.ALL);
  }

  @Test
  void chosenScenariosKeepTheirOrder() {
    assertThat(
            BenchRun.Options.parse("--scenarios", "physician-creates-encounter,lookup-by-mrn")
                .selected())
        .extracting(Scenarios.Scenario::name)
        .containsExactly("lookup-by-mrn", "physician-creates-encounter");
  }

  @Test
  void anUnknownScenarioIsRefused() {
    assertThatThrownBy(() -> BenchRun.Options.parse("--scenarios", "lookup").selected())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lookup");
  }

  @Test
  void theScriptsArgumentsAndTheSmokeDefaults() {
    BenchRun.Options o =
        BenchRun.Options.parse(
            "--patients",
            "2000",
            "--concurrency",
            "8,32",
            "--seconds",
            "10",
            "--warmup",
            "3",
            "--no-micro",
            "--bulk-to",
            "0");
    assertThat(o.patients()).isEqualTo(2000);
    assertThat(o.concurrency()).containsExactly(8, 32);
    assertThat(o.seconds()).isEqualTo(10.0);
    assertThat(o.warmup()).isEqualTo(3.0);
    assertThat(o.micro()).isFalse();
    assertThat(o.bulkTo()).isZero();
    assertThat(o.tenants()).isEqualTo(4);
    assertThat(o.organisations()).isZero();
    assertThat(BenchRun.Options.parse("--organisations", "1000").organisations()).isEqualTo(1000);

    BenchRun.Options smoke = BenchRun.Options.parse("--smoke");
    assertThat(smoke.patients()).isEqualTo(20);
    assertThat(smoke.concurrency()).containsExactly(1, 2);
    assertThat(smoke.bulkTo()).isEqualTo(60);
    assertThat(smoke.organisations()).isEqualTo(20);
  }

  @Test
  void thePeerIsHapiOrNone() {
    assertThat(BenchRun.Options.parse("--patients", "5").peer()).isNull();
    assertThat(BenchRun.Options.parse("--peer", "hapi").peer()).isEqualTo("hapi");
    assertThatThrownBy(() -> BenchRun.Options.parse("--peer", "fhirbase"))
        .isInstanceOf(picocli.CommandLine.ParameterException.class)
        .hasMessageContaining("unknown peer fhirbase");
  }

  @Test
  void badArgumentsExitTwoBeforeAnythingStarts() {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli =
        new picocli.CommandLine(new BenchRun.Arguments()).setErr(new java.io.PrintWriter(err));
    assertThat(cli.execute("--patiens", "5")).isEqualTo(2);
    assertThat(cli.execute("--seconds", "ten")).isEqualTo(2);
    assertThat(cli.execute("--scenarios", "lookup")).isEqualTo(2);
    assertThat(err.toString()).contains("--patiens").contains("ten").contains("unknown scenario");
  }
}
