package dev.cairn.context.object;

/** One entry of a directory: a step name and the object it points at. */
public record Entry(String step, EntryKind kind, ObjectHash hash) {

  public Entry {
    Steps.requireValid(step);
  }
}
