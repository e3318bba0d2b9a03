package dev.cairn.store;

import dev.cairn.error.CairnException;
import dev.cairn.store.block.Block;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A read-only view of a block store, opened beside the writer (if one runs) without its lock, as
 * of the moment it opens. It has no operation that writes: see {@link BlockView}.
 *
 * <p>{@link #open} reads what the markers name. A writer that moves fast can collect what they
 * named before the reader has read it; cemented data it no longer finds then reads as absent.
 * {@link #openPinned} keeps it readable instead: in a rolling store, whose GC deletes cemented
 * files, every committed cemented file (and its metadata) is hard-linked into a directory of the
 * reader's own, {@link DataDir#newPinDir()}, which it owns ({@link OwnedDirectory}) and deletes
 * on close; what a killed reader left is deleted by the next pinned open. A full or archive
 * store's GC never deletes a cemented block file (only metadata, which a reader that lost it sees
 * as absent), so nothing is linked there. An export of a block that a pinned reader saw completes
 * whatever the writer does meanwhile.
 *
 * <p>Opening races the writer in one way: between reading the markers and reading what they
 * name, the writer may switch floating logs or collect a cemented file. The reader then sees the
 * chain not link up, and reads the markers again, up to {@value #ATTEMPTS} times in all: the one
 * retry policy of any open.
 */
public final class BlockReader extends BlockView {

  /** How many times an open reads the markers before giving up on a writer that keeps moving. */
  static final int ATTEMPTS = 5;

  private OwnedDirectory pins;

  private BlockReader(StoreFiles files) {
    super(files);
  }

  /** A reader as of now. */
  public static BlockReader open(DataDir dataDir) {
    return open(dataDir, false);
  }

  /** A reader whose cemented files stay readable while it is open (see the class comment). */
  public static BlockReader openPinned(DataDir dataDir) {
    boolean rolling = dataDir.readConfig().historyMode().kind() == HistoryMode.Kind.ROLLING;
    // Only now that it is known to be a data directory: its pins are swept, nothing else.
    OwnedDirectory.deleteAbandoned(dataDir.pinsDir(), DataDir::isPinDir);
    return open(dataDir, rolling);
  }

  private static BlockReader open(DataDir dataDir, boolean pin) {
    StoreConfig config = dataDir.readConfig();
    Block genesis = StoreOpening.readGenesis(dataDir);
    for (int attempt = 1; ; attempt++) {
      Optional<BlockReader> reader = attempt(dataDir, config, genesis, pin,
          attempt == ATTEMPTS);
      if (reader.isPresent()) {
        return reader.get();
      }
    }
  }

  /**
   * One open: the reader, or empty if the writer moved under it and another attempt may do
   * better; on the {@code last} attempt, the error instead.
   */
  private static Optional<BlockReader> attempt(DataDir dataDir, StoreConfig config,
      Block genesis, boolean pin, boolean last) {
    StoreState state = StoreOpening.readState(dataDir);
    Path log = dataDir.floatingLog(state.floatingGeneration());
    FloatingLog floating;
    try {
      floating = FloatingLog.open(log, false);
    } catch (RuntimeException e) {
      if (!last && !Files.exists(log)) {
        return Optional.empty(); // the writer switched logs between our two reads
      }
      throw e;
    }
    BlockReader reader;
    try {
      CementedCycles cemented = CementedCycles.open(dataDir);
      cemented.ranges().values().removeIf(r -> r.end() > state.cementedHighest());
      reader = new BlockReader(new StoreFiles(dataDir, config, genesis, state,
          StoreOpening.readProtocolLevels(dataDir), cemented,
          CementedIndex.open(dataDir.indexDir(), false), floating));
    } catch (RuntimeException e) {
      floating.close();
      throw e;
    }
    try {
      if (pin) {
        reader.pin();
      }
      reader.rebuildCanonical(state.markers().head());
      return Optional.of(reader);
    } catch (NoSuchFileException e) {
      reader.close();
      if (last) {
        throw StoreError.StoreIoFailure.of(dataDir.cementedDir(), "pin", e);
      }
      return Optional.empty();
    } catch (IOException e) {
      reader.close();
      throw StoreError.StoreIoFailure.of(dataDir.pinsDir(), "pin", e);
    } catch (CairnException e) {
      reader.close();
      if (last || !(e.error() instanceof StoreError.CorruptedStore)) {
        throw e;
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private void pin() throws IOException {
    Files.createDirectories(dataDir.pinsDir());
    pins = OwnedDirectory.create(dataDir.newPinDir());
    cemented.pinTo(pins.path());
  }

  @Override
  boolean toleratesCollectedFiles() {
    return true;
  }

  @Override
  public synchronized void close() {
    try {
      closeFiles();
    } finally {
      if (pins != null) {
        pins.close();
      }
    }
  }
}
