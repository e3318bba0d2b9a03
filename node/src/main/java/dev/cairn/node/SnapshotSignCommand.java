package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.validator.crypto.KeyFile;
import dev.cairn.validator.crypto.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot sign}: another signer's signature on an existing manifest. */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {
        "Adds a signature to a snapshot's manifest (FILE.manifest.json): the key's signature over "
            + "the manifest's signed bytes, which stay as they are. Every signature already "
            + "there must verify first (else Invalid_signature). A key that signed before is "
            + "signed again in place.",
        "The manifest is rewritten atomically: written beside it, synced, renamed over it."})
final class SnapshotSignCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "KEYFILE",
      description = "The secret key that signs (cairn key generate).")
  private Path key;

  @Option(names = "--json", description = "Print the result as one JSON object on standard "
      + "output.")
  private boolean json;

  @Parameters(paramLabel = "MANIFEST", description = "The manifest to sign.")
  private Path manifest;

  @Override
  public Integer call() {
    SigningKey signer = KeyFile.read(key);
    SignedManifest signed = ManifestFiles.addSignature(manifest, signer);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = JsonOutput.object();
      root.put("manifest", manifest.toAbsolutePath().toString());
      root.put("signed_by", signer.publicKey().toString());
      ArrayNode signers = root.putArray("signers");
      signed.signatures().forEach(signature -> signers.add(signature.key().toString()));
      JsonOutput.print(out, root);
      return 0;
    }
    out.println("signed " + manifest + " with " + signer.publicKey() + " ("
        + signer.publicKeyHash() + "); it now carries "
        + HumanText.count(signed.signatures().size(), "signature"));
    return 0;
  }
}
