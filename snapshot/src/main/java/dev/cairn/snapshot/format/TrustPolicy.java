package dev.cairn.snapshot.format;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.hash.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whom an operator trusts to publish snapshots: the keys given with {@code --trusted-key}, and
 * how many of them must have signed ({@code --min-signatures}). With no key, any snapshot is
 * taken (its manifest's signatures must still verify); with keys, a snapshot without a manifest
 * carrying at least {@code minSignatures} valid signatures by distinct trusted keys is {@code
 * Untrusted_snapshot}. A signature says who published a manifest, not that the state is valid:
 * the import's checks still decide that.
 */
public record TrustPolicy(Set<PublicKey> trusted, int minSignatures, boolean checked) {

  /** No trusted key: signatures are checked for validity only. */
  public static final TrustPolicy NONE = new TrustPolicy(Set.of(), 0, true);

  /**
   * Nothing checked: for {@code snapshot info} without trusted keys, which shows each
   * signature's validity instead of refusing.
   */
  public static final TrustPolicy SHOWN_ONLY = new TrustPolicy(Set.of(), 0, false);

  public TrustPolicy {
    trusted = Set.copyOf(trusted);
    if (minSignatures < 0 || minSignatures > trusted.size()
        || (!trusted.isEmpty() && minSignatures == 0)) {
      throw new IllegalArgumentException("--min-signatures must be from 1 to the number of "
          + "trusted keys (" + trusted.size() + "), not " + minSignatures);
    }
  }

  /** Trusting {@code keys}, of which {@code minSignatures} must have signed (1 if empty). */
  public static TrustPolicy of(List<PublicKey> keys, Optional<Integer> minSignatures) {
    return keys.isEmpty() && minSignatures.isEmpty() ? NONE
        : new TrustPolicy(Set.copyOf(keys), minSignatures.orElse(1), true);
  }

  /**
   * Checks the snapshot at {@code source}, read through {@code manifest} if it has one: every
   * signature must verify ({@code Invalid_signature}), and enough of them be by trusted keys
   * ({@code Untrusted_snapshot}).
   */
  public void check(String source, Optional<SignedManifest> manifest) {
    if (!checked) {
      return;
    }
    manifest.ifPresent(signed -> signed.requireValidSignatures(source));
    if (trusted.isEmpty()) {
      return;
    }
    if (manifest.isEmpty()) {
      throw new SnapshotError.UntrustedSnapshot(source, "it has no manifest, so no signature; "
          + "give its FILE.manifest.json as the snapshot (for standard input, give it with "
          + "--manifest)")
          .toException();
    }
    long valid = manifest.get().signatures().stream() // each verified above
        .filter(signature -> trusted.contains(signature.key())).count();
    if (valid < minSignatures) {
      int others = manifest.get().signatures().size() - (int) valid;
      throw new SnapshotError.UntrustedSnapshot(source, "signed by " + valid + " of the "
          + trusted.size() + " trusted keys, " + minSignatures + " needed"
          + (others > 0 ? " (" + others + " signature" + (others == 1 ? "" : "s")
              + " by keys not trusted)" : "")).toException();
    }
  }
}
