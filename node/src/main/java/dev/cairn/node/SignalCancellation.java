package dev.cairn.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during long work: the first asks the work to stop (its {@link
 * dev.cairn.progress.Progress} reports cancelled, the work stops at its next safe point and
 * undoes what it wrote, the command says {@code Interrupted} and exits 130); a second one ends
 * the process at once, leaving the cleanup to the next command, as a SIGKILL does. Installed
 * only while such work runs, and only in the {@code cairn} process itself.
 */
final class SignalCancellation implements AutoCloseable {

  private static final List<String> SIGNALS = List.of("INT", "TERM");
  /** Exit status after a signal, as shells report 128 + SIGINT. */
  static final int EXIT_STATUS = 130;

  private final AtomicReference<String> received = new AtomicReference<>();
  private final Consumer<String> onFirst;
  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  private SignalCancellation(Consumer<String> onFirst) {
    this.onFirst = onFirst;
  }

  /**
   * Catches SIGINT and SIGTERM until {@link #close}; {@code onFirst} hears the first one's name
   * (to say that the work is stopping).
   */
  static SignalCancellation install(Consumer<String> onFirst) {
    SignalCancellation cancellation = new SignalCancellation(onFirst);
    for (String name : SIGNALS) {
      Signal signal = new Signal(name);
      cancellation.signals.add(signal);
      cancellation.previous.add(Signal.handle(signal, cancellation::onSignal));
    }
    return cancellation;
  }

  /** One that never cancels: for work run inside another program (the tests). */
  static SignalCancellation none() {
    return new SignalCancellation(name -> { });
  }

  private void onSignal(Signal signal) {
    String name = "SIG" + signal.getName();
    if (!received.compareAndSet(null, name)) {
      Runtime.getRuntime().halt(EXIT_STATUS); // asked twice: stop now
    }
    onFirst.accept(name);
  }

  /** The signal received, if one was. */
  Optional<String> received() {
    return Optional.ofNullable(received.get());
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      Signal.handle(signals.get(i), previous.get(i));
    }
    signals.clear();
  }
}
