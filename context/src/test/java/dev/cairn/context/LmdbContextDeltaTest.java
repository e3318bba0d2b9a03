package dev.cairn.context;

import dev.cairn.context.lmdb.LmdbContext;
import java.nio.file.Path;

class LmdbContextDeltaTest extends ContextDeltaContractTest {

  @Override
  Context open(Path dir) {
    return LmdbContext.open(dir);
  }
}
