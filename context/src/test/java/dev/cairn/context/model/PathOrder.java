package dev.cairn.context.model;

import dev.cairn.context.object.Steps;
import java.util.Comparator;
import java.util.List;

/** Paths in step order, a prefix before its extensions. */
final class PathOrder implements Comparator<List<String>> {

  static final PathOrder INSTANCE = new PathOrder();

  @Override
  public int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Steps.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  static boolean isStrictPrefix(List<String> prefix, List<String> path) {
    return prefix.size() < path.size() && path.subList(0, prefix.size()).equals(prefix);
  }
}
