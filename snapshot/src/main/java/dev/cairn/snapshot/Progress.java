package dev.cairn.snapshot;

/**
 * What a long export or import reports as it goes: phases, each with a total (or -1 when not
 * known), and how far each has come. The command line shows it as a bar or as log lines.
 */
public interface Progress {

  /** Reports nothing. */
  Progress NONE = new Progress() {
    @Override
    public void phase(String name, long total) {}

    @Override
    public void advance(long done) {}
  };

  /** A new phase begins; the previous one, if any, is over. */
  void phase(String name, long total);

  /** The current phase has done {@code done} of its total. */
  void advance(long done);
}
