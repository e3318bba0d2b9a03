package dev.cairn.context;

import dev.cairn.store.encoding.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a tree holds, read back through its public API only, in path order. */
final class Contents {

  private Contents() {}

  static Map<List<String>, Bytes> of(ContextTree tree) {
    Map<List<String>, Bytes> out = new LinkedHashMap<>();
    collect(tree, new ArrayList<>(), out);
    return out;
  }

  private static void collect(ContextTree tree, List<String> path, Map<List<String>, Bytes> out) {
    for (String step : tree.list(path)) {
      List<String> child = new ArrayList<>(path);
      child.add(step);
      if (tree.isDirectory(child)) {
        collect(tree, child, out);
      } else {
        out.put(List.copyOf(child), Bytes.copyOf(tree.find(child).orElseThrow()));
      }
    }
  }
}
