package dev.cairn.validator.operation;

import dev.cairn.error.CairnException;
import dev.cairn.store.block.Operation;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.store.hash.Signature;
import dev.cairn.validator.crypto.Signatures;
import dev.cairn.validator.crypto.TestnetKey;
import dev.cairn.validator.crypto.Watermark;
import java.nio.ByteBuffer;

/** A manager operation made on {@code branch}, with its source's signature (see the package). */
public record SignedOperation(BlockHash branch, ManagerOperation contents, Signature signature) {

  static final int TAG_REVEAL = 1;
  static final int TAG_TRANSACTION = 2;
  private static final int HEAD = 1 + 20 + 8 + 8;
  private static final int SIGNATURE = 64;

  /** Signs {@code contents} made on {@code branch} with {@code key}. */
  public static SignedOperation sign(BlockHash branch, ManagerOperation contents,
      TestnetKey key) {
    return new SignedOperation(branch, contents,
        key.sign(Watermark.operation(), signedBytes(branch, contents)));
  }

  /** Whether the signature is {@code key}'s. */
  public boolean signedBy(PublicKey key) {
    return Signatures.verify(key, Watermark.operation(), signedBytes(branch, contents), signature);
  }

  /** The shell operation: branch, then contents and signature. */
  public Operation toShell() {
    byte[] body = encodeContents(contents);
    byte[] data = new byte[body.length + SIGNATURE];
    System.arraycopy(body, 0, data, 0, body.length);
    signature.bytes().copyTo(data, body.length);
    return new Operation(branch, Bytes.copyOf(data));
  }

  /** Decodes a shell operation; {@code Malformed_operation} if its data is not one. */
  public static SignedOperation fromShell(Operation operation) {
    byte[] data = operation.data().toArray();
    if (data.length == 0) {
      throw fail("empty operation data");
    }
    int expected = switch (data[0]) {
      case TAG_REVEAL -> HEAD + 32 + SIGNATURE;
      case TAG_TRANSACTION -> HEAD + 8 + 20 + SIGNATURE;
      default -> throw fail("unknown operation tag " + Byte.toUnsignedInt(data[0]));
    };
    if (data.length != expected) {
      throw fail("operation data of " + data.length + " bytes where its kind has " + expected);
    }
    ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
    PublicKeyHash source = PublicKeyHash.of(take(in, 20));
    long fee = in.getLong();
    long counter = in.getLong();
    ManagerOperation contents = data[0] == TAG_REVEAL
        ? new ManagerOperation.Reveal(source, fee, counter, PublicKey.of(take(in, 32)))
        : new ManagerOperation.Transaction(source, fee, counter, in.getLong(),
            PublicKeyHash.of(take(in, 20)));
    return new SignedOperation(operation.branch(), contents, Signature.of(take(in, SIGNATURE)));
  }

  static byte[] encodeContents(ManagerOperation contents) {
    boolean reveal = contents instanceof ManagerOperation.Reveal;
    ByteBuffer out = ByteBuffer.allocate(HEAD + (reveal ? 32 : 8 + 20));
    out.put((byte) (reveal ? TAG_REVEAL : TAG_TRANSACTION));
    contents.source().bytes().writeTo(out);
    out.putLong(contents.fee()).putLong(contents.counter());
    if (contents instanceof ManagerOperation.Reveal r) {
      r.publicKey().bytes().writeTo(out);
    } else {
      ManagerOperation.Transaction t = (ManagerOperation.Transaction) contents;
      out.putLong(t.amount());
      t.destination().bytes().writeTo(out);
    }
    return out.array();
  }

  private static byte[] signedBytes(BlockHash branch, ManagerOperation contents) {
    byte[] body = encodeContents(contents);
    byte[] bytes = new byte[32 + body.length];
    branch.bytes().copyTo(bytes, 0);
    System.arraycopy(body, 0, bytes, 32, body.length);
    return bytes;
  }

  private static byte[] take(ByteBuffer in, int length) {
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }

  private static CairnException fail(String reason) {
    return new OperationError.UndecodableOperation(reason).toException();
  }
}
