package dev.cairn.context;

import dev.cairn.context.model.ModelContext;
import java.nio.file.Path;

class ModelContextContractTest extends ContextContractTest {
  @Override
  Context open(Path dir) {
    return new ModelContext();
  }
}
