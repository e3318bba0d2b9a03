package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn key generate} and {@code cairn key show}: the public half, never the secret. */
class KeyCommandTest {

  private static final Pattern PUBLIC_KEY =
      Pattern.compile("(?m)^public key:      (edpk[1-9A-HJ-NP-Za-km-z]{50})$");
  private static final Pattern PUBLIC_KEY_HASH =
      Pattern.compile("(?m)^public key hash: (tz1[1-9A-HJ-NP-Za-km-z]{33})$");

  @TempDir
  Path dir;

  /** Every run's output, to check that none ever shows a secret. */
  private final List<Cli.Run> runs = new ArrayList<>();

  private Cli.Run cairn(String... args) {
    Cli.Run result = run(args);
    runs.add(result);
    return result;
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as(text).isTrue();
    return matcher.group(1);
  }

  @Test
  void generateThenShowPrintTheSamePublicKeyAndHashAndNeverTheSecret() throws Exception {
    Path file = dir.resolve("k");
    Cli.Run generated = cairn("key", "generate", "--out", file.toString());
    assertThat(generated.status()).as(generated.err()).isZero();
    assertThat(generated.out()).startsWith("wrote a new secret key to " + file
        + " (mode 0600: keep it private)\n");
    assertThat(generated.out().lines()).hasSize(3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
    assertThat(secret).startsWith("edsk").hasSize(54);

    Cli.Run shown = cairn("key", "show", file.toString());
    assertThat(shown.status()).as(shown.err()).isZero();
    assertThat(shown.out().lines()).hasSize(2);
    assertThat(group(PUBLIC_KEY, shown.out())).isEqualTo(group(PUBLIC_KEY, generated.out()));
    assertThat(group(PUBLIC_KEY_HASH, shown.out()))
        .isEqualTo(group(PUBLIC_KEY_HASH, generated.out()));

    ObjectMapper mapper = new ObjectMapper();
    JsonNode json = mapper.readTree(cairn("key", "show", "--json", file.toString()).out());
    assertThat(json.get("file").asText()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(json.get("public_key").asText()).isEqualTo(group(PUBLIC_KEY, shown.out()));
    assertThat(json.get("public_key_hash").asText())
        .isEqualTo(group(PUBLIC_KEY_HASH, shown.out()));
    assertThat(json.size()).isEqualTo(3);

    Path second = dir.resolve("second");
    Cli.Run generatedJson = cairn("key", "generate", "--json", "--out", second.toString());
    assertThat(generatedJson.out().lines()).hasSize(1);
    JsonNode made = mapper.readTree(generatedJson.out());
    assertThat(made.get("file").asText()).isEqualTo(second.toAbsolutePath().toString());
    assertThat(made.get("public_key").asText()).startsWith("edpk")
        .isNotEqualTo(json.get("public_key").asText());
    assertThat(made.get("public_key_hash").asText()).startsWith("tz1");
    assertThat(made.size()).isEqualTo(3);
    assertThat(mapper.readTree(cairn("key", "show", "--json", second.toString()).out()))
        .isEqualTo(made);

    String secondSecret = Files.readString(second, StandardCharsets.US_ASCII).strip();
    for (Cli.Run each : runs) {
      for (String text : List.of(secret, secondSecret)) {
        assertThat(each.out() + each.err()).doesNotContain(text.substring(4, 20))
            .doesNotContain(text.substring(30, 50));
      }
    }
  }

  @Test
  void refusalsAreOneLineExitingWithOneAndShowNoSecret() throws Exception {
    Path file = dir.resolve("k");
    ok("key", "generate", "--out", file.toString());
    String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();

    Cli.Run again = cairn("key", "generate", "--out", file.toString());
    assertThat(typedLine(again)).startsWith("cairn: Invalid_key: " + file + ": it already exists");
    assertThat(Files.readString(file, StandardCharsets.US_ASCII).strip()).isEqualTo(secret);

    Path typo = dir.resolve("typo/k");
    assertThat(typedLine(cairn("key", "generate", "--out", typo.toString())))
        .isEqualTo("cairn: Invalid_key: " + typo + ": its directory " + dir.resolve("typo")
            + " does not exist (it is not created)");
    assertThat(dir.resolve("typo")).doesNotExist();

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(typedLine(cairn("key", "show", file.toString()))).isEqualTo("cairn: Invalid_key: "
        + file + ": its permissions 0644 let others read it; run chmod 600 " + file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    Path damaged = dir.resolve("damaged");
    Files.writeString(damaged, secret.substring(0, 53) + (secret.endsWith("z") ? "y" : "z")
        + "\n");
    Files.setPosixFilePermissions(damaged, PosixFilePermissions.fromString("rw-------"));
    assertThat(typedLine(cairn("key", "show", damaged.toString())))
        .startsWith("cairn: Invalid_key: " + damaged + ": not an Ed25519 secret key");

    assertThat(typedLine(cairn("key", "show", dir.resolve("absent").toString())))
        .isEqualTo("cairn: Invalid_key: " + dir.resolve("absent") + ": no such file");

    for (Cli.Run each : runs) {
      assertThat(each.out()).isEmpty();
      assertThat(each.err()).doesNotContain(secret.substring(4, 20))
          .doesNotContain(secret.substring(30, 50));
    }
  }

  @Test
  void usageErrorsExitWithTwoAndTheHelpSaysWhatTheKeyIsFor() {
    Cli.Run missing = run("key", "generate");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).startsWith("cairn: ").contains("--out")
        .contains("try 'cairn key generate --help'");
    assertThat(run("key").status()).isEqualTo(2);
    assertThat(run("key", "show").status()).isEqualTo(2);
    assertThat(run("key", "generate", "--out", dir.resolve("a\nb").toString()).status())
        .isEqualTo(2);
    assertThat(ok("--help").out()).contains("key");
    assertThat(ok("key", "--help").out()).contains("--trusted-key", "--sign-key",
        "snapshot sign", "edpk", "0600");
    assertThat(ok("help", "key", "generate").out()).startsWith("Usage: cairn key generate")
        .contains("--out=FILE");
    assertThat(ok("key", "show", "-V").out()).contains("snapshot format: reads and writes");
    assertThat(ok("key", "generate", "--version").out()).startsWith("cairn ");
  }

  private static String typedLine(Cli.Run result) {
    assertThat(result.status()).as(result.err()).isEqualTo(1);
    assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
    assertThat(result.err()).doesNotContain("Exception", "\tat ");
    return result.err().strip();
  }
}
