package dev.cairn.node;

import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit-status contract and the demo, through the same entry point as ./cairn. */
class CairnCommandTest {

  @Test
  void helpListsTheCommandsAndTheExitStatuses() {
    Cli.Run run = run("--help");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("demo", "Exit status");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run().status()).isEqualTo(2);
    assertThat(run("--no-such-option").status()).isEqualTo(2);
    Cli.Run tooFew = run("demo", "--blocks", "3");
    assertThat(tooFew.status()).isEqualTo(2);
    assertThat(tooFew.err()).contains("--blocks must be between");
  }

  @Test
  void theDemoBuildsChecksAndShowsEachHistoryMode(@TempDir Path dir) {
    Path keep = dir.resolve("kept");
    Cli.Run run = run("demo", "--blocks", "40", "--accounts", "2000", "--keep", keep.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("archive\\s+40\\s+38\\s+0\\s+0\\s+4\\s+4\\s.*clean")
        .containsPattern("full:1\\s+40\\s+38\\s+17\\s+0\\s+4\\s+2\\s.*clean")
        .containsPattern("rolling:0\\s+40\\s+38\\s+25\\s+17\\s+2\\s+1\\s.*clean")
        .contains("cairn: Data_dir_locked:");
    assertThat(run.out()).contains("6. Trust:", "export --split-size 64KiB --sign-key:",
            "every block: passed in", "scratch left: nothing",
            "nothing was written, not even a staging directory")
        .containsPattern("import with another key trusted: cairn: Untrusted_snapshot: .*signed by")
        .containsPattern("verify: cairn: Digest_mismatch: signed.tar.zst.B\\w+.part-00001: expected "
            + "SHA-256 [0-9a-f]+")
        .contains("7. Distribution:", "every byte checked against the manifest as it arrived")
        .containsPattern("full.tar.zst: the transfer broke off .* at byte 10,000; retry 1 of 3");
    assertThat(keep.resolve("full/store/markers")).exists();
  }

  @Test
  void theDemoRestoresTheContextAndRefusesADamagedDump(@TempDir Path dir) {
    Cli.Run run = run("demo", "--blocks", "10", "--accounts", "3000", "--keep", dir.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("Built a context of 3,000 accounts")
        .containsPattern("balance of tz1\\w+: 42 at the head, \\d+ in the commit before")
        .contains("every object re-hashed and checked", "same hash")
        .containsPattern("cairn: (Cannot_read|Inconsistent_context|Inconsistent_context_hash): ")
        .contains("damaged-context does not exist")
        .contains("checking out the first commit now: cairn: Cannot_checkout_context: ");
    assertThat(dir.resolve("damaged-context")).doesNotExist();
  }

  @Test
  void theDemoGeneratesATestnetBakesOnItRefusesForgedBlocksAndChecksIt(@TempDir Path dir) {
    Cli.Run run = run("demo", "--blocks", "10", "--accounts", "500", "--keep", dir.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("Generated 64 blocks, \\d+ signed operations")
        .contains("proto level 2: PtAqkiwm", "from level 32")
        .contains("A node baked 16 more blocks")
        .containsPattern("head B\\w+ \\(level 80\\), savepoint at level 57")
        .containsPattern("cairn: Invalid_baker: block B\\w+ at level 81: ")
        .containsPattern("cairn: Invalid_timestamp: block B\\w+ at level 81: ")
        .containsPattern("store check --replay: clean; \\d+ blocks re-applied");
    assertThat(dir.resolve("testnet/store/markers")).exists();
  }

  @Test
  void aTypedErrorIsOneLineOnStderrAndExitsWithOne(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("something"), "in the way");
    Cli.Run run = run("demo", "--keep", dir.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("cairn: Invalid_data_dir: ")
        .doesNotContain("\n").doesNotContain("Exception");
  }
}
