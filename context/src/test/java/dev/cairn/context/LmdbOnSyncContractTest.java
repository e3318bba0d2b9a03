package dev.cairn.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.store.hash.ContextHash;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract again, for a context that syncs on request: durability must not change results. */
class LmdbOnSyncContractTest extends ContextContractTest {
  @Override
  Context open(Path dir) {
    return LmdbContext.open(dir, LmdbContext.Durability.ON_SYNC);
  }

  @Test
  void commitsHandedToTheWriterThreadSurviveACloseAndAReopen() {
    ContextHash last = null;
    ContextTree tree = context.emptyTree();
    for (int i = 0; i < 50; i++) {
      tree.set(List.of("n", Integer.toString(i)), text("v" + i));
      last = tree.commit(info(i));
      assertThat(context.contains(last)).isTrue(); // readable at once
    }
    context.close();
    context.close(); // a second close returns
    context = open(dir.resolve("context"));
    assertThat(context.checkout(last).list(List.of("n"))).hasSize(50);
  }
}
