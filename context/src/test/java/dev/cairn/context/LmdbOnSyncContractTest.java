package dev.cairn.context;

import dev.cairn.context.lmdb.LmdbContext;
import java.nio.file.Path;

/** The contract again, for a context that syncs on request: durability must not change results. */
class LmdbOnSyncContractTest extends ContextContractTest {
  @Override
  Context open(Path dir) {
    return LmdbContext.open(dir, LmdbContext.Durability.ON_SYNC);
  }
}
