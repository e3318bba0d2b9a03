package dev.cairn.snapshot.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cairn.error.CairnException;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Standard input read so that a stop request is heard even while the writer stalls. */
class CancellableInputTest {

  @Test
  void bytesPassThroughUnchanged() throws Exception {
    byte[] bytes = new byte[300_000];
    new SplittableRandom(7).nextBytes(bytes);
    try (CancellableInput in = new CancellableInput(new ByteArrayInputStream(bytes), () -> false)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void aStopRequestEndsAReadThatWaitsForAStalledWriter() throws Exception {
    AtomicBoolean cancelled = new AtomicBoolean();
    try (PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(writer)) {
      writer.write(new byte[] {1, 2, 3});
      writer.flush();
      CancellableInput in = new CancellableInput(pipe, cancelled::get);
      assertThat(in.readNBytes(3)).containsExactly(1, 2, 3);
      cancelled.set(true); // the writer says nothing more, and does not close
      assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
          assertThatThrownBy(in::read).isInstanceOfSatisfying(CairnException.class, e ->
              assertThat(e.error().name()).isEqualTo("Interrupted")));
    }
  }
}
