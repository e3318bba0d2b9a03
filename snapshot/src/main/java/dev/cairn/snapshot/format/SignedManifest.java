package dev.cairn.snapshot.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.encoding.StrictJson;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.Signature;
import dev.cairn.validator.crypto.Signatures;
import dev.cairn.validator.crypto.SigningKey;
import dev.cairn.validator.crypto.Watermark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * A manifest file: the signed object's exact bytes, the {@link SnapshotManifest} they say, and
 * the signatures over them (the bytes are laid out in {@code docs/FORMAT.md}):
 *
 * <pre>{"signed": {…}, "signatures": [{"public_key": "edpk…", "signature": "edsig…"}, …]}</pre>
 *
 * <p>The signed bytes are those of the {@code signed} value exactly as they stand in the file,
 * from its {@code {} to its {@code }}. A reader finds them by the parser's byte offsets and
 * decodes the manifest from those bytes alone, so that nothing a signature does not cover is
 * acted upon, and nothing is re-serialised before it is checked. Adding a signature rewrites only
 * the list after them.
 */
public record SignedManifest(Bytes signed, SnapshotManifest manifest,
    List<ManifestSignature> signatures) {

  /**
   * The largest manifest, refused unread beyond: room for {@link SnapshotManifest#MAX_ENTRIES}
   * entries of about 120 bytes (a Raw export of a long chain lists every cemented file).
   */
  public static final int MAX_BYTES = 16 << 20;

  /** The most signatures a manifest may carry. */
  public static final int MAX_SIGNATURES = 64;

  /** One signer's signature over the signed bytes. */
  public record ManifestSignature(PublicKey key, Signature signature) {}

  public SignedManifest {
    signatures = List.copyOf(signatures);
  }

  /** A manifest with no signature yet. */
  public static SignedManifest unsigned(SnapshotManifest manifest) {
    return new SignedManifest(Bytes.copyOf(manifest.encode()), manifest, List.of());
  }

  /** This manifest with {@code signature} added, or put in place of its key's earlier one. */
  public SignedManifest with(ManifestSignature signature) {
    List<ManifestSignature> all = new ArrayList<>();
    for (ManifestSignature existing : signatures) {
      if (!existing.key().equals(signature.key())) {
        all.add(existing);
      }
    }
    all.add(signature);
    if (all.size() > MAX_SIGNATURES) {
      throw new SnapshotError.InvalidManifest("(manifest)", "it would carry more than "
          + MAX_SIGNATURES + " signatures").toException();
    }
    return new SignedManifest(signed, manifest, all);
  }

  /** This manifest signed by {@code key} (in place of that key's earlier signature, if any). */
  public SignedManifest signedBy(SigningKey key) {
    return with(new ManifestSignature(key.publicKey(),
        key.sign(Watermark.snapshotManifest(), signed.toArray())));
  }

  /** Whether {@code signature} is its key's over this manifest's signed bytes. */
  public boolean verifies(ManifestSignature signature) {
    return Signatures.verify(signature.key(), Watermark.snapshotManifest(), signed.toArray(),
        signature.signature());
  }

  /**
   * Requires every signature to verify, whoever made it: else {@code Invalid_signature} naming
   * the first that does not ({@code source} names the manifest).
   */
  public void requireValidSignatures(String source) {
    for (ManifestSignature signature : signatures) {
      if (!verifies(signature)) {
        throw new SnapshotError.InvalidSignature(source, signature.key().toString())
            .toException();
      }
    }
  }

  /**
   * Requires that the snapshot read through this manifest is the one it names (chain, mode,
   * block, level and timestamp as the snapshot's {@code metadata.json} gives them); else {@code
   * Invalid_manifest}.
   */
  public void requireNames(SnapshotMetadata metadata) {
    manifest.disagreement(metadata).ifPresent(what -> {
      throw new SnapshotError.InvalidManifest(manifest.snapshotName() + SnapshotManifest.FILE_SUFFIX,
          "it names " + what).toException();
    });
  }

  /** The file's bytes: the signed bytes as they are, then the signatures. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(signed.length() + 256);
    out.writeBytes("{\n\"signed\": ".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(signed.toArray());
    StringBuilder tail = new StringBuilder(",\n\"signatures\": [");
    for (int i = 0; i < signatures.size(); i++) {
      ManifestSignature signature = signatures.get(i);
      tail.append(i == 0 ? "\n" : ",\n").append("  {\"public_key\": \"")
          .append(signature.key()).append("\", \"signature\": \"")
          .append(signature.signature()).append("\"}");
    }
    tail.append(signatures.isEmpty() ? "]\n}\n" : "\n]\n}\n");
    out.writeBytes(tail.toString().getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * Reads a manifest file's bytes ({@code source} names it in errors); anything that is not a
   * manifest this Cairn writes is {@code Invalid_manifest}. Signatures are parsed, not checked.
   */
  public static SignedManifest decode(byte[] bytes, String source) {
    if (bytes.length > MAX_BYTES) {
      throw new SnapshotError.InvalidManifest(source, bytes.length + " bytes, more than the "
          + MAX_BYTES + " a manifest may have").toException();
    }
    try {
      Bytes signed = null;
      JsonNode signatures = null;
      try (JsonParser parser = StrictJson.parser(bytes)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("not a JSON object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (field.equals("signed") && value == JsonToken.START_OBJECT) {
            long start = parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            long end = parser.currentTokenLocation().getByteOffset() + 1;
            // Byte offsets are known for UTF-8 only (the parser reads UTF-16 or UTF-32 as
            // characters): anything else is not a manifest Cairn writes.
            if (start < 0 || end <= start || end > bytes.length || bytes[(int) start] != '{'
                || bytes[(int) end - 1] != '}') {
              throw new IllegalArgumentException("not UTF-8 JSON");
            }
            signed = Bytes.copyOf(bytes, (int) start, (int) (end - start));
          } else if (field.equals("signatures")) {
            signatures = StrictJson.readValue(parser);
          } else {
            throw new IllegalArgumentException(field.equals("signed") ? "\"signed\" is not an "
                + "object" : "unknown field \"" + CauseText.oneLine(field) + "\"");
          }
        }
        if (parser.nextToken() != null) {
          throw new IllegalArgumentException("more data after the manifest");
        }
      }
      if (signed == null || signatures == null) {
        throw new IllegalArgumentException("it has no \"" + (signed == null ? "signed"
            : "signatures") + "\" field");
      }
      return new SignedManifest(signed, SnapshotManifest.decode(signed.toArray()),
          signatures(signatures));
    } catch (IOException e) {
      throw new SnapshotError.InvalidManifest(source, StrictJson.summary(e)).toException(e);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException
        | CairnException e) {
      String reason = e instanceof CairnException typed ? typed.error().details()
          : StrictJson.summary(e);
      throw new SnapshotError.InvalidManifest(source, reason).toException(e);
    }
  }

  private static List<ManifestSignature> signatures(JsonNode array) {
    if (!array.isArray() || array.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException("\"signatures\" is not a list of at most "
          + MAX_SIGNATURES);
    }
    List<ManifestSignature> signatures = new ArrayList<>();
    for (JsonNode node : array) {
      if (!node.isObject() || node.size() != 2 || !node.has("public_key")
          || !node.has("signature")) {
        throw new IllegalArgumentException("a signature is not {public_key, signature}");
      }
      PublicKey key = PublicKey.parse(JsonFields.text(node, "public_key"));
      if (signatures.stream().anyMatch(s -> s.key().equals(key))) {
        throw new IllegalArgumentException("two signatures by " + key);
      }
      signatures.add(new ManifestSignature(key,
          Signature.parse(JsonFields.text(node, "signature"))));
    }
    return signatures;
  }
}
