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
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.hash.CommitmentHash;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.rollup.Commitment;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A manager operation made on {@code branch}, with its source's signature (see the package). */
public record SignedOperation(BlockHash branch, ManagerOperation contents, Signature signature) {

  static final int TAG_REVEAL = 1;
  static final int TAG_TRANSACTION = 2;
  static final int TAG_ROLLUP_ORIGINATE = 3;
  static final int TAG_ROLLUP_ADD_MESSAGES = 4;
  static final int TAG_ROLLUP_PUBLISH = 5;
  static final int TAG_ROLLUP_CEMENT = 6;
  /** No variable part of an operation can be longer than an operation. */
  private static final int MAX_PAYLOAD = Operation.MAX_BYTES;
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
    if (data[0] == TAG_REVEAL || data[0] == TAG_TRANSACTION) {
      return fixedSize(operation, data);
    }
    if (data[0] < TAG_ROLLUP_ORIGINATE || data[0] > TAG_ROLLUP_CEMENT) {
      throw fail("unknown operation tag " + Byte.toUnsignedInt(data[0]));
    }
    if (data.length < HEAD + SIGNATURE) {
      throw fail("operation data of " + data.length + " bytes, too short for its kind");
    }
    try {
      BinaryReader in = BinaryReader.of(data, 1, data.length - 1 - SIGNATURE, "operation");
      PublicKeyHash source = PublicKeyHash.of(in.bytes(20, "source"));
      long fee = in.i64("fee");
      long counter = in.i64("counter");
      ManagerOperation contents = switch (data[0]) {
        case TAG_ROLLUP_ORIGINATE -> new ManagerOperation.RollupOriginate(source, fee, counter,
            in.u8("kind"), in.bytes(in.length("boot sector", MAX_PAYLOAD), "boot sector"));
        case TAG_ROLLUP_ADD_MESSAGES -> {
          RollupAddress rollup = RollupAddress.of(in.bytes(20, "rollup"));
          int count = in.count("messages", MAX_PAYLOAD / 4, 4);
          List<byte[]> messages = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            messages.add(in.bytes(in.length("message", MAX_PAYLOAD), "message"));
          }
          yield new ManagerOperation.RollupAddMessages(source, fee, counter, rollup, messages);
        }
        case TAG_ROLLUP_PUBLISH -> new ManagerOperation.RollupPublish(source, fee, counter,
            RollupAddress.of(in.bytes(20, "rollup")), Commitment.read(in));
        default -> new ManagerOperation.RollupCement(source, fee, counter,
            RollupAddress.of(in.bytes(20, "rollup")),
            CommitmentHash.of(in.bytes(32, "commitment")));
      };
      in.expectEnd();
      return new SignedOperation(operation.branch(), contents,
          Signature.of(Arrays.copyOfRange(data, data.length - SIGNATURE, data.length)));
    } catch (CairnException e) {
      throw fail(e.error().details());
    }
  }

  private static SignedOperation fixedSize(Operation operation, byte[] data) {
    int expected = data[0] == TAG_REVEAL ? HEAD + 32 + SIGNATURE : HEAD + 8 + 20 + SIGNATURE;
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEAD + 64);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.writeByte(tagOf(contents));
      out.write(contents.source().bytes().toArray());
      out.writeLong(contents.fee());
      out.writeLong(contents.counter());
      if (contents instanceof ManagerOperation.Reveal r) {
        out.write(r.publicKey().bytes().toArray());
      } else if (contents instanceof ManagerOperation.Transaction t) {
        out.writeLong(t.amount());
        out.write(t.destination().bytes().toArray());
      } else if (contents instanceof ManagerOperation.RollupOriginate o) {
        out.writeByte(o.kind());
        byte[] boot = o.bootSector();
        out.writeInt(boot.length);
        out.write(boot);
      } else if (contents instanceof ManagerOperation.RollupAddMessages m) {
        out.write(m.rollup().bytes().toArray());
        List<byte[]> messages = m.messages();
        out.writeInt(messages.size());
        for (byte[] message : messages) {
          out.writeInt(message.length);
          out.write(message);
        }
      } else if (contents instanceof ManagerOperation.RollupPublish p) {
        out.write(p.rollup().bytes().toArray());
        out.write(p.commitment().encode());
      } else {
        ManagerOperation.RollupCement c = (ManagerOperation.RollupCement) contents;
        out.write(c.rollup().bytes().toArray());
        out.write(c.commitment().bytes().toArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  private static int tagOf(ManagerOperation contents) {
    if (contents instanceof ManagerOperation.Reveal) {
      return TAG_REVEAL;
    } else if (contents instanceof ManagerOperation.Transaction) {
      return TAG_TRANSACTION;
    } else if (contents instanceof ManagerOperation.RollupOriginate) {
      return TAG_ROLLUP_ORIGINATE;
    } else if (contents instanceof ManagerOperation.RollupAddMessages) {
      return TAG_ROLLUP_ADD_MESSAGES;
    } else if (contents instanceof ManagerOperation.RollupPublish) {
      return TAG_ROLLUP_PUBLISH;
    }
    return TAG_ROLLUP_CEMENT;
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
