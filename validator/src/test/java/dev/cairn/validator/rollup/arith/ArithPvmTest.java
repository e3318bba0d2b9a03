package dev.cairn.validator.rollup.arith;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.store.hash.RollupStateHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The arith PVM against {@link PlainArith}, message by message, over seeded random programs. */
class ArithPvmTest {

  @TempDir
  static Path dir;
  private static LmdbContext context;

  @BeforeAll
  static void open() {
    context = LmdbContext.open(dir.resolve("context"));
  }

  @AfterAll
  static void close() {
    context.close();
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 60);
  }

  @Test
  void aSmallProgramStoresItsSumAndTakesTheTicksTheGrammarGives() {
    ArithPvm pvm = ArithPvm.boot(context.emptyTree(), new byte[0]);
    assertThat(pvm.status()).isEqualTo(ArithPvm.Status.HALTED);
    long ticks = pvm.runLevel(5, List.of(bytes("1 2+x 40 out")));
    assertThat(pvm.variable("x")).contains(3L);
    assertThat(pvm.outbox()).containsExactly(new ArithPvm.Output(5, 0, 40));
    assertThat(pvm.parsingResult()).contains(true);
    assertThat(pvm.evaluationResult()).contains(true);
    // boot 1 + input 1 + 12 characters and a stop 13 + 6 instructions and a stop 7.
    assertThat(ticks).isEqualTo(22);
    assertThat(pvm.tick()).isEqualTo(22);
  }

  @Test
  void theBootSectorPrefixesEveryMessage() {
    ArithPvm pvm = ArithPvm.boot(context.emptyTree(), bytes("10 "));
    pvm.runLevel(1, List.of(bytes("5 + y"), bytes("z")));
    assertThat(pvm.variable("y")).contains(15L);
    assertThat(pvm.variable("z")).contains(10L);
  }

  @Test
  void aBadCharacterFailsTheParseButWhatWasParsedStillRuns() {
    ArithPvm pvm = ArithPvm.boot(context.emptyTree(), new byte[0]);
    pvm.runLevel(1, List.of(bytes("7 a 8b c")));
    assertThat(pvm.parsingResult()).contains(false);
    assertThat(pvm.variable("a")).contains(7L);
    assertThat(pvm.variable("c")).isEmpty();
  }

  @Test
  void overflowFailsCleanlyWhereOctezWouldBeStuck() {
    ArithPvm pvm = ArithPvm.boot(context.emptyTree(), new byte[0]);
    pvm.runLevel(1, List.of(bytes("9223372036854775807 1 + x"), bytes("99999999999999999999 y"),
        bytes("2 z")));
    assertThat(pvm.variable("x")).isEmpty();
    assertThat(pvm.variable("y")).isEmpty();
    assertThat(pvm.variable("z")).contains(2L);
    assertThat(pvm.evaluationResult()).contains(true);
  }

  @Test
  void equalHistoriesHashAlikeAndADifferentValueDoesNot() {
    RollupStateHash a = run(List.of("1 x", "2 y"));
    RollupStateHash b = run(List.of("1 x", "2 y"));
    RollupStateHash c = run(List.of("1 x", "3 y"));
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(ArithPvm.boot(context.emptyTree(), bytes("a")).stateHash())
        .isNotEqualTo(ArithPvm.boot(context.emptyTree(), bytes("b")).stateHash());
  }

  @Test
  void aLevelWithoutMessagesChangesNothing() {
    ArithPvm pvm = ArithPvm.boot(context.emptyTree(), new byte[0]);
    pvm.runLevel(1, List.of(bytes("4 q")));
    RollupStateHash before = pvm.stateHash();
    assertThat(pvm.runLevel(2, List.of())).isZero();
    assertThat(pvm.stateHash()).isEqualTo(before);
  }

  /**
   * From a review: a state that hashes right can still be crafted; each value the PVM reads is
   * checked as it reads it, and a crafted one is {@code Inconsistent_context}, never another
   * exception.
   */
  @Test
  void aCraftedStateIsRefusedWithATypedErrorWhereverItIsRead() {
    List<java.util.function.Consumer<dev.cairn.context.ContextTree>> crafts = List.of(
        tree -> tree.set(List.of("lexer_buffer"), java.nio.ByteBuffer.allocate(8).putInt(-5)
            .putInt(0).array()),
        tree -> tree.set(List.of("lexer_buffer"), java.nio.ByteBuffer.allocate(8).putInt(0)
            .putInt(1 << 20).array()),
        tree -> tree.set(List.of("parser_state"), new byte[] {7}),
        tree -> tree.remove(List.of("next_message")));
    List<String> escaped = new java.util.ArrayList<>();
    for (int i = 0; i < crafts.size(); i++) {
      ArithPvm pvm = ArithPvm.boot(context.emptyTree(), new byte[0]);
      pvm.runLevel(1, List.of());
      pvm.eval(); // halted → waiting
      pvm.setInput(1, 0, bytes("12 x"));
      crafts.get(i).accept(pvm.tree());
      ArithPvm reopened = ArithPvm.on(pvm.tree());
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(reopened::eval);
      if (!(thrown instanceof dev.cairn.error.CairnException e)
          || !e.error().name().equals("Inconsistent_context")) {
        escaped.add("craft " + i + ": " + thrown);
      }
    }
    ArithPvm store = ArithPvm.boot(context.emptyTree(), new byte[0]);
    store.runLevel(1, List.of(bytes("5 x")));
    store.tree().set(List.of("status"), new byte[] {3});
    store.tree().set(List.of("code", "head"), java.nio.ByteBuffer.allocate(8).putLong(0)
        .array());
    store.tree().set(List.of("code", "end"), java.nio.ByteBuffer.allocate(8).putLong(1)
        .array());
    store.tree().set(List.of("code", "0"), new byte[] {2, '/', '.'});
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(store::eval);
    if (!(thrown instanceof dev.cairn.error.CairnException)) {
      escaped.add("a stored name that is no identifier: " + thrown);
    }
    assertThat(escaped).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void agreesWithThePlainInterpreterMessageByMessage(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] boot = random.nextInt(4) == 0 ? bytes(program(random, 3)) : new byte[0];
    ArithPvm pvm = ArithPvm.boot(context.emptyTree(), boot);
    PlainArith plain = new PlainArith();
    List<String> mismatches = new ArrayList<>();
    int messages = 1 + random.nextInt(12);
    for (int i = 0; i < messages; i++) {
      byte[] payload = random.nextInt(5) == 0 ? junk(random) : bytes(program(random, 12));
      byte[] message = concat(boot, payload);
      pvm.runLevel(1 + i / 3, List.of(payload));
      plain.run(message);
      String where = "seed " + seed + ", message " + i + " '"
          + new String(message, StandardCharsets.ISO_8859_1) + "'";
      compare(where, "parsing", pvm.parsingResult().orElse(null), plain.parsed, mismatches);
      compare(where, "evaluation", pvm.evaluationResult().orElse(null), plain.evaluated,
          mismatches);
      compare(where, "ticks", pvm.tick(), plain.ticks, mismatches);
      compare(where, "stack", pvm.stack(), plain.stack, mismatches);
      compare(where, "vars", vars(pvm), plain.vars, mismatches);
      compare(where, "outbox", pvm.outbox().stream().map(ArithPvm.Output::value).toList(),
          plain.outbox, mismatches);
    }
    assertThat(mismatches).as("seed %d", seed).isEmpty();
  }

  /**
   * Any bytes as messages (the first byte says how many of the rest form the boot sector, then
   * messages split at 0x00): the PVM never throws and always agrees with the plain interpreter.
   */
  @FuzzTest(maxDuration = "30s")
  void messages(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int bootLength = Math.min(input[0] & 0x0f, input.length - 1);
    byte[] boot = java.util.Arrays.copyOfRange(input, 1, 1 + bootLength);
    ArithPvm pvm = ArithPvm.boot(context.emptyTree(), boot);
    PlainArith plain = new PlainArith();
    int start = 1 + bootLength;
    for (int i = start; i <= input.length; i++) {
      if (i == input.length || input[i] == 0) {
        byte[] payload = java.util.Arrays.copyOfRange(input, start, i);
        pvm.runLevel(1, List.of(payload));
        plain.run(concat(boot, payload));
        start = i + 1;
      }
    }
    assertThat(pvm.tick()).isEqualTo(plain.ticks);
    assertThat(pvm.stack()).isEqualTo(plain.stack);
    assertThat(vars(pvm)).isEqualTo(plain.vars);
    assertThat(pvm.outbox().stream().map(ArithPvm.Output::value).toList())
        .isEqualTo(plain.outbox);
  }

  private static void compare(String where, String what, Object pvm, Object plain,
      List<String> mismatches) {
    if (!java.util.Objects.equals(pvm, plain)) {
      mismatches.add(where + ": " + what + " " + pvm + " where the plain interpreter has "
          + plain);
    }
  }

  private static Map<String, Long> vars(ArithPvm pvm) {
    Map<String, Long> vars = new TreeMap<>();
    for (String name : pvm.variables()) {
      vars.put(name, pvm.variable(name).orElseThrow());
    }
    return vars;
  }

  private static RollupStateHash run(List<String> messages) {
    ArithPvm pvm = ArithPvm.boot(context.emptyTree(), new byte[0]);
    List<byte[]> payloads = messages.stream().map(ArithPvmTest::bytes).toList();
    pvm.runLevel(1, payloads);
    return pvm.stateHash();
  }

  /** A mostly valid program: numbers, sums, variables, spacing, now and then an edge case. */
  static String program(SplittableRandom random, int maxTokens) {
    StringBuilder out = new StringBuilder();
    int tokens = random.nextInt(maxTokens + 1);
    for (int t = 0; t < tokens; t++) {
      switch (random.nextInt(9)) {
        case 0, 1, 2 -> out.append(random.nextInt(1000));
        case 3 -> out.append(random.nextBoolean() ? "9223372036854775807"
            : "184467440737095516150");
        case 4, 5 -> out.append('+');
        case 6 -> out.append(random.nextInt(6) == 0 ? "out" : "v" + random.nextInt(5));
        case 7 -> out.append("x%").append(random.nextInt(3));
        default -> out.append("  ");
      }
      if (random.nextInt(3) > 0) {
        out.append(' ');
      }
    }
    return out.toString();
  }

  private static byte[] junk(SplittableRandom random) {
    byte[] out = new byte[random.nextInt(20)];
    String alphabet = " +09az%-*\u00e9\n";
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
