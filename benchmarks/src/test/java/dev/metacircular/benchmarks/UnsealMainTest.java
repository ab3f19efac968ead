package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.seal.SealSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsealMainTest {

  @Test
  void theDefaultSealParametersBecomeTheToolsLog2Memory() {
    assertThat(UnsealMain.argon2Command("argon2", "somesalt", SealSettings.DEFAULTS.kdf(), 32))
        .containsExactly(
            "argon2", "somesalt", "-id", "-t", "3", "-m", "17", "-p", "4", "-l", "32", "-r");
  }

  @Test
  void aMemoryThatIsNoPowerOfTwoIsGivenInKiB() {
    assertThat(
            UnsealMain.argon2Command(
                "/usr/bin/argon2", "somesalt", new Argon2Parameters(2, 19456, 1), 16))
        .containsExactly(
            "/usr/bin/argon2",
            "somesalt",
            "-id",
            "-t",
            "2",
            "-k",
            "19456",
            "-p",
            "1",
            "-l",
            "16",
            "-r");
  }

  @Test
  void theChildrensCpuTimeIsReadFromTheShellsStatLine() {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    // cutime cstime
    String stat =
        "4242 (sh -c x) S 1 4242 4242 0 -1 4194304 100 200 0 0 1 2 41 3 20 0 1 0 5 100 200";

    assertThat(UnsealMain.childCpuNanos(stat)).isEqualTo(44 * 10_000_000L);
    assertThat(UnsealMain.childCpuNanos("garbage")).isEqualTo(-1);
  }

  @Test
  void theMedianIsTheLowerMiddleOfTheSortedValues() {
    assertThat(UnsealMain.median(new long[] {5, 1, 3})).isEqualTo(3);
    assertThat(UnsealMain.median(new long[] {4, 1, 3, 2})).isEqualTo(2);
    assertThat(UnsealMain.median(new long[0])).isZero();
  }

  @Test
  void theSummaryJudgesUnsealAgainstTheToolWithTheTarget() {
    UnsealMain.Step unseal = step("unseal", 900, 850);
    UnsealMain.Step java = step("java", 800, 800);
    UnsealMain.Step fast = step("cli", 500, 400);
    UnsealMain.Step slow = step("cli", 400, 300);

    assertThat(UnsealMain.verdicts(unseal, java, fast))
        .contains(
            "unseal / argon2 CLI (median wall time): 1.80x",
            "target <= 2.00x",
            "PASS",
            "Java Argon2id / argon2 CLI (median wall time): 1.60x",
            "CPU time Java Argon2id / argon2 CLI (medians): 2.00x");
    assertThat(UnsealMain.verdicts(unseal, java, slow)).contains("2.25x", "MISS");
    assertThat(UnsealMain.table(List.of(unseal, java, fast)))
        .contains("median s", "median CPU s", "unseal", "0.900", "0.850");
  }

  private static UnsealMain.Step step(String name, long wallMillis, long cpuMillis) {
    return new UnsealMain.Step(
        name,
        List.of(
            new UnsealMain.Sample(wallMillis * 1_000_000, cpuMillis * 1_000_000),
            new UnsealMain.Sample((wallMillis + 100) * 1_000_000, (cpuMillis + 100) * 1_000_000),
            new UnsealMain.Sample((wallMillis - 50) * 1_000_000, (cpuMillis - 50) * 1_000_000)));
  }
}
