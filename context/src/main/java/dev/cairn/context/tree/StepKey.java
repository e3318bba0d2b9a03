package dev.cairn.context.tree;

import dev.cairn.context.object.StepIndex;
import dev.cairn.context.object.Steps;

/** A step with its bucket index, computed once per operation and only when an inode needs it. */
final class StepKey {

  final String step;
  private final byte[] utf8;
  private StepIndex index;

  StepKey(String step) {
    this.step = step;
    this.utf8 = Steps.encode(step);
  }

  int bucket(int depth) {
    if (index == null) {
      index = StepIndex.of(utf8);
    }
    return index.bucket(depth);
  }
}
