package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.validator.crypto.KeyFile;
import dev.cairn.validator.crypto.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn key}: the Ed25519 keys that sign snapshot manifests (DESIGN §14, §18). */
@Command(name = "key", mixinStandardHelpOptions = true,
    description = {
        "Make or show a secret key for signing snapshot manifests.",
        "A snapshot's publisher signs its manifest with a secret key (snapshot export "
            + "--sign-key FILE, or snapshot sign --key FILE MANIFEST); operators who import it "
            + "name the publisher's public key (edpk...) with --trusted-key, and an import "
            + "refuses a snapshot without a valid signature by a key they trust.",
        "A key file holds one line, the Tezos-style Ed25519 secret key (edsk...), and is "
            + "readable by its owner only (mode 0600). Keep it private and back it up: "
            + "whoever has it can sign as you. Nothing prints it."})
final class KeyCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing a command: try 'generate' or 'show'");
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = {
          "Makes a new secret key (from the system's secure random source) and writes it to "
              + "FILE with mode 0600, then prints its public key (edpk...), to give to those "
              + "who will trust your snapshots, and the public key's hash (tz1...).",
          "FILE must not exist (a key file is never overwritten) and its directory must "
              + "(it is not created). The key is written to FILE.part, synced and linked to "
              + "FILE, so FILE is never seen half-written."})
  static final class Generate implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Where to write the new key.")
    private Path out;

    @Option(names = "--json", description = "One JSON object on standard output: file, "
        + "public_key, public_key_hash.")
    private boolean json;

    @Override
    public Integer call() {
      SigningKey key = SigningKey.generate(new SecureRandom());
      KeyFile.write(out, key);
      PrintWriter print = spec.commandLine().getOut();
      if (!json) {
        print.println("wrote a new secret key to " + out + " (mode 0600: keep it private)");
      }
      describe(print, out, key, json);
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {
          "Prints the public key (edpk...) and its hash (tz1...) of the secret key in FILE, "
              + "never the secret itself.",
          "FILE is checked as ssh checks a private key: it must be a regular file (a link to "
              + "one is followed) of one line that neither its group nor others may read or "
              + "write; otherwise Invalid_key says what to fix."})
  static final class Show implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "One JSON object on standard output: file, "
        + "public_key, public_key_hash.")
    private boolean json;

    @Parameters(paramLabel = "FILE", description = "The key file.")
    private Path file;

    @Override
    public Integer call() {
      describe(spec.commandLine().getOut(), file, KeyFile.read(file), json);
      return 0;
    }
  }

  /** The public half of {@code key}, read from or written to {@code file}. */
  private static void describe(PrintWriter out, Path file, SigningKey key, boolean json) {
    if (json) {
      ObjectNode root = JsonOutput.object();
      root.put("file", file.toAbsolutePath().toString());
      root.put("public_key", key.publicKey().toBase58());
      root.put("public_key_hash", key.publicKeyHash().toBase58());
      JsonOutput.print(out, root);
      return;
    }
    out.println("public key:      " + key.publicKey().toBase58());
    out.println("public key hash: " + key.publicKeyHash().toBase58());
  }
}
