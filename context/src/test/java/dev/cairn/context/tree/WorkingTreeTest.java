package dev.cairn.context.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.ContextError;
import dev.cairn.context.lmdb.ObjectWalk;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.store.hash.ContextHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingTreeTest {

  private final Map<ObjectHash, byte[]> stored = new HashMap<>();
  private final ObjectSource source = hash -> {
    byte[] encoding = stored.get(hash);
    if (encoding == null) {
      throw new ContextError.InconsistentContext("object " + hash + " is missing").toException();
    }
    return encoding;
  };

  @Test
  void aCommitAfterAFailedWriteStillWritesEverythingItsTreeNeeds() {
    int[] writes = {0};
    ObjectSink failingOnce = objects -> {
      if (writes[0]++ == 0) {
        throw new UncheckedIOException(new IOException("disk full"));
      }
      stored.putAll(objects);
    };
    WorkingTree tree = WorkingTree.empty(source, failingOnce);
    for (int i = 0; i < 100; i++) {
      tree.set(List.of("big", "k" + i), new byte[] {(byte) i});
    }
    assertThatThrownBy(() -> tree.commit(CommitInfo.initial(1, "fails")))
        .isInstanceOf(UncheckedIOException.class);
    ContextHash hash = tree.commit(CommitInfo.initial(1, "retried"));

    Set<ObjectHash> reached = new HashSet<>();
    ObjectWalk.walk(ObjectHash.of(hash), source::load, h -> reached.add(ObjectHash.of(h)),
        (h, encoding) -> assertThat(ObjectHash.ofEncoding(encoding)).isEqualTo(h));
    assertThat(reached).hasSizeGreaterThan(100);
    ContextObject.Commit commit = (ContextObject.Commit) ObjectCodec.decode(source.load(
        ObjectHash.of(hash)));
    WorkingTree again = WorkingTree.at(source, stored::putAll, commit.root());
    assertThat(again.find(List.of("big", "k42"))).hasValue(new byte[] {42});
  }

  @Test
  void commitInfoRefusesWhatACommitCannotEncode() {
    assertThatThrownBy(() -> CommitInfo.initial(0, "x".repeat(70_000)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
