package dev.cairn.node;

import dev.cairn.error.CairnException;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.store.hash.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --trusted-key} and {@code --min-signatures}, for the commands that read a snapshot
 * (import, verify, info): whom the operator trusts to publish snapshots (DESIGN §14).
 */
final class TrustOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--trusted-key", paramLabel = "edpk...", converter = PublicKeyConverter.class,
      description = "A publisher's public key (edpk...) this operator trusts; repeatable. With "
          + "any, the snapshot must be given by its manifest, which must carry at least "
          + "--min-signatures valid signatures by these keys (else Untrusted_snapshot, before "
          + "anything is written).")
  private List<PublicKey> trusted = new ArrayList<>();

  @Option(names = "--min-signatures", paramLabel = "N", description = "How many of the trusted "
      + "keys must have signed. Default: 1 when any --trusted-key is given.")
  private Integer minSignatures;

  /** The policy the options give, or {@code fallback} if none was given. */
  TrustPolicy policy(TrustPolicy fallback) {
    if (trusted.isEmpty() && minSignatures == null) {
      return fallback;
    }
    try {
      return TrustPolicy.of(trusted, Optional.ofNullable(minSignatures));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** An {@code edpk…} public key; anything else is a usage error saying what is wrong. */
  static final class PublicKeyConverter implements ITypeConverter<PublicKey> {
    @Override
    public PublicKey convert(String value) {
      try {
        return PublicKey.parse(value);
      } catch (CairnException e) {
        throw new TypeConversionException(e.error().details());
      }
    }
  }
}
