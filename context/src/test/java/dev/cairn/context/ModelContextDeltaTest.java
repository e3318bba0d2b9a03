package dev.cairn.context;

import dev.cairn.context.model.ModelContext;
import java.nio.file.Path;

class ModelContextDeltaTest extends ContextDeltaContractTest {

  @Override
  Context open(Path dir) {
    return new ModelContext();
  }
}
