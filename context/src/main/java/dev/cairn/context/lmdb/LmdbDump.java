package dev.cairn.context.lmdb;

import dev.cairn.context.ContextDump;
import dev.cairn.context.ContextError;
import dev.cairn.context.object.ObjectHash;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.lmdbjava.Txn;

/**
 * A planned dump of one commit: the first walk (in the constructor) counts objects and bytes into
 * a scratch set; {@link #writeTo} walks again, crossing each object off the set as it writes it.
 * One read transaction spans both walks, so a writer committing or collecting meanwhile changes
 * nothing this dump sees.
 */
final class LmdbDump implements ContextDump {

  private static final int PROGRESS_EVERY = 8192;

  private final ObjectDatabase db;
  private final Txn<ByteBuffer> txn;
  private final ScratchSet seen;
  private final ObjectHash commit;
  private long count;
  private long bytes = DumpFormat.HEADER_BYTES;
  private boolean written;

  LmdbDump(ObjectDatabase db, ObjectHash commit, Path scratchParent) {
    this.db = db;
    this.commit = commit;
    this.txn = db.env.txnRead();
    ScratchSet set = null;
    try {
      set = ScratchSet.create(scratchParent);
      try (ScratchSet.Session session = set.session()) {
        ObjectWalk.walk(commit, hash -> db.load(txn, hash), session::add, (hash, encoding) -> {
          count++;
          bytes += DumpFormat.LENGTH_BYTES + encoding.length;
        });
      }
      this.seen = set;
    } catch (RuntimeException e) {
      if (set != null) {
        set.close();
      }
      txn.close();
      throw e;
    }
  }

  @Override
  public long objectCount() {
    return count;
  }

  @Override
  public long byteLength() {
    return bytes;
  }

  @Override
  public void writeTo(OutputStream out, LongConsumer progress) {
    if (written) {
      throw new IllegalStateException("a dump is written once");
    }
    written = true;
    DataOutputStream data = new DataOutputStream(out);
    long[] done = {0};
    try (ScratchSet.Session session = seen.session()) {
      data.writeLong(count);
      ObjectWalk.walk(commit, hash -> db.load(txn, hash), session::remove, (hash, encoding) -> {
        try {
          data.writeInt(encoding.length);
          data.write(encoding);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (++done[0] % PROGRESS_EVERY == 0) {
          progress.accept(done[0]);
        }
      });
      data.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (done[0] != count) {
      throw new ContextError.InconsistentContext("the dump of " + commit + " wrote " + done[0]
          + " objects where it counted " + count).toException();
    }
    progress.accept(done[0]);
  }

  @Override
  public void close() {
    seen.close();
    txn.close();
  }
}
