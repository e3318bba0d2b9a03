package dev.cairn.validator.rollup.arith;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.ContextTree;
import dev.cairn.context.ContextError;
import dev.cairn.store.hash.RollupStateHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The arith PVM over a {@link ContextTree} that holds nothing but its state (see the package).
 * Every step reads and writes the tree, so the tree is the machine: two machines that took the
 * same steps hold the same tree and hash alike, whatever the context behind them.
 */
public final class ArithPvm {

  /** The commit a state's hash is taken over: no parents, time 0, no message. */
  public static final CommitInfo CANONICAL = CommitInfo.initial(0, "");

  /** The machine's status, in the order of its encoding. */
  public enum Status { HALTED, WAITING_FOR_INPUT, PARSING, EVALUATING }

  /** An instruction of the parsed code. */
  public sealed interface Instruction {
    /** Pushes {@code value}. */
    record Push(long value) implements Instruction {}

    /** Pops two values and pushes their sum. */
    record Add() implements Instruction {}

    /** Stores the top of the stack into {@code name} (the outbox, for {@code out}). */
    record Store(String name) implements Instruction {}
  }

  /** One outbox entry: a value stored into {@code out} while a message of {@code level} ran. */
  public record Output(int level, long index, long value) {}

  /** The most bytes a message (boot sector and payload together) may have here. */
  public static final int MAX_MESSAGE = 1 << 16;
  /** The longest variable name: a step of a context path. */
  public static final int MAX_NAME = 255;

  static final List<String> TICK = List.of("tick");
  static final List<String> STATUS = List.of("status");
  static final List<String> BOOT_SECTOR = List.of("boot_sector");
  static final List<String> CURRENT_LEVEL = List.of("current_level");
  static final List<String> MESSAGE_COUNTER = List.of("message_counter");
  static final List<String> NEXT_MESSAGE = List.of("next_message");
  static final List<String> LEXER = List.of("lexer_buffer");
  static final List<String> PARSER = List.of("parser_state");
  static final List<String> PARSING_RESULT = List.of("parsing_result");
  static final List<String> EVALUATION_RESULT = List.of("evaluation_result");
  static final List<String> OUTPUT_COUNTER = List.of("output_counter");
  static final String VARS = "vars";
  static final String OUTPUT = "output";
  static final String STACK = "stack";
  static final String CODE = "code";

  private static final int PARSE_INT = 0;
  private static final int PARSE_VAR = 1;
  private static final int SKIP_LAYOUT = 2;

  private final ContextTree tree;
  /**
   * The message being parsed, as {@code next_message} holds it: read once, not at every tick (a
   * tick that copied a 4 KiB message would make a message's parse quadratic). This machine is the
   * only writer of its tree, so the copy stays the tree's.
   */
  private byte[] message;

  private ArithPvm(ContextTree tree) {
    this.tree = tree;
  }

  /** The machine whose state {@code tree} holds. */
  public static ArithPvm on(ContextTree tree) {
    return new ArithPvm(tree);
  }

  /** The tree behind the machine. */
  public ContextTree tree() {
    return tree;
  }

  /**
   * Makes {@code tree} (empty) the initial state with {@code bootSector} installed: halted, at tick
   * 0, the boot sector kept to prefix every message.
   */
  public static ArithPvm boot(ContextTree tree, byte[] bootSector) {
    if (!tree.list(List.of()).isEmpty()) {
      throw new IllegalArgumentException("a machine boots in an empty tree");
    }
    ArithPvm pvm = new ArithPvm(tree);
    pvm.setStatus(Status.HALTED);
    tree.set(BOOT_SECTOR, bootSector);
    return pvm;
  }

  /** The hash of the state: its canonical commit's. */
  public RollupStateHash stateHash() {
    return RollupStateHash.of(tree.hash(CANONICAL).bytes().toArray());
  }

  // ---- reading the state ----

  public long tick() {
    return tree.find(TICK).map(b -> long64(b, "tick")).orElse(0L);
  }

  public Status status() {
    return tree.find(STATUS).map(b -> {
      if (b.length != 1 || b[0] < 0 || b[0] >= Status.values().length) {
        throw corrupt("status");
      }
      return Status.values()[b[0]];
    }).orElse(Status.HALTED);
  }

  public Optional<Boolean> parsingResult() {
    return tree.find(PARSING_RESULT).map(b -> bool(b, "parsing_result"));
  }

  public Optional<Boolean> evaluationResult() {
    return tree.find(EVALUATION_RESULT).map(b -> bool(b, "evaluation_result"));
  }

  /** The variable {@code name}, if a message stored into it. */
  public Optional<Long> variable(String name) {
    return tree.find(List.of(VARS, name)).map(b -> long64(b, "a variable"));
  }

  /** Every variable's name, in the tree's order. */
  public List<String> variables() {
    return tree.list(List.of(VARS));
  }

  /** The stack, top first. */
  public List<Long> stack() {
    List<Long> out = new ArrayList<>();
    long head = dequeIndex(STACK, "head");
    long end = dequeIndex(STACK, "end");
    for (long i = head; i < end; i++) {
      out.add(long64(tree.find(List.of(STACK, Long.toString(i)))
          .orElseThrow(() -> corrupt("stack")), "stack"));
    }
    return out;
  }

  /** The outbox, oldest first. */
  public List<Output> outbox() {
    long count = tree.find(OUTPUT_COUNTER).map(b -> long64(b, "output_counter")).orElse(0L);
    List<Output> out = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      byte[] b = tree.find(List.of(OUTPUT, Long.toString(i))).orElseThrow(() -> corrupt("output"));
      if (b.length != 12) {
        throw corrupt("output");
      }
      ByteBuffer in = ByteBuffer.wrap(b);
      out.add(new Output(in.getInt(), i, in.getLong()));
    }
    return out;
  }

  // ---- steps ----

  /**
   * Gives the machine its next message (one tick): {@code payload}, the {@code counter}-th message
   * of inbox level {@code level}. The machine must be waiting for input.
   */
  public void setInput(int level, long counter, byte[] payload) {
    if (status() != Status.WAITING_FOR_INPUT) {
      throw new IllegalStateException("the machine is not waiting for input but " + status());
    }
    byte[] boot = tree.find(BOOT_SECTOR).orElse(new byte[0]);
    if ((long) boot.length + payload.length > MAX_MESSAGE) {
      // L1 bounds both (4 KiB each); only a crafted state or message comes here.
      throw new ContextError.InconsistentContext("arith PVM: a boot sector of " + boot.length
          + " bytes and a message of " + payload.length + " make more than " + MAX_MESSAGE)
          .toException();
    }
    advanceTick();
    byte[] next = Arrays.copyOf(boot, boot.length + payload.length);
    System.arraycopy(payload, 0, next, boot.length, payload.length);
    tree.set(CURRENT_LEVEL, ByteBuffer.allocate(4).putInt(level).array());
    tree.set(MESSAGE_COUNTER, longBytes(counter));
    tree.set(NEXT_MESSAGE, next);
    message = next;
    startParsing();
  }

  /** One step of computation (one tick). */
  public void eval() {
    advanceTick();
    switch (status()) {
      case HALTED -> {
        tree.remove(NEXT_MESSAGE);
        message = null;
        setStatus(Status.WAITING_FOR_INPUT);
      }
      case WAITING_FOR_INPUT -> {
        if (tree.find(NEXT_MESSAGE).isEmpty()) {
          throw new IllegalStateException("a waiting machine was not given a message");
        }
        startParsing();
      }
      case PARSING -> parse();
      case EVALUATING -> evaluate();
      default -> throw new IllegalStateException();
    }
  }

  /**
   * Runs the messages of one inbox level through the machine, each to the end of its evaluation;
   * returns the ticks it took. A level without messages takes none and changes nothing.
   */
  public long runLevel(int level, List<byte[]> messages) {
    long before = tick();
    for (int i = 0; i < messages.size(); i++) {
      runUntilWaiting();
      setInput(level, i, messages.get(i));
      runUntilWaiting();
    }
    return tick() - before;
  }

  private void runUntilWaiting() {
    while (status() != Status.WAITING_FOR_INPUT) {
      eval();
    }
  }

  private void advanceTick() {
    tree.set(TICK, longBytes(tick() + 1));
  }

  private void setStatus(Status status) {
    tree.set(STATUS, new byte[] {(byte) status.ordinal()});
  }

  private void startParsing() {
    setStatus(Status.PARSING);
    tree.remove(PARSING_RESULT);
    tree.set(PARSER, new byte[] {SKIP_LAYOUT});
    setLexer(0, 0);
    tree.remove(List.of(CODE));
  }

  private void startEvaluating() {
    setStatus(Status.EVALUATING);
    tree.remove(EVALUATION_RESULT);
    tree.remove(List.of(STACK));
  }

  private void stopParsing(boolean outcome) {
    tree.set(PARSING_RESULT, new byte[] {(byte) (outcome ? 1 : 0)});
    startEvaluating();
  }

  private void stopEvaluating(boolean outcome) {
    tree.set(EVALUATION_RESULT, new byte[] {(byte) (outcome ? 1 : 0)});
    setStatus(Status.WAITING_FOR_INPUT);
  }

  // ---- the lexer and parser: one character per tick ----

  /** The lexer's start and length, within the message (a crafted state is refused). */
  private int[] lexer(byte[] message) {
    byte[] b = tree.find(LEXER).orElseThrow(() -> corrupt("lexer_buffer"));
    if (b.length != 8) {
      throw corrupt("lexer_buffer");
    }
    ByteBuffer in = ByteBuffer.wrap(b);
    int start = in.getInt();
    int length = in.getInt();
    if (start < 0 || length < 0 || (long) start + length > message.length) {
      throw corrupt("lexer_buffer");
    }
    return new int[] {start, length};
  }

  private void setLexer(int start, int length) {
    tree.set(LEXER, ByteBuffer.allocate(8).putInt(start).putInt(length).array());
  }

  private byte[] message() {
    if (message == null) {
      byte[] read = tree.find(NEXT_MESSAGE).orElseThrow(() -> corrupt("next_message"));
      if (read.length > MAX_MESSAGE) {
        throw corrupt("next_message");
      }
      message = read;
    }
    return message;
  }

  /** The character under the lexer, or -1 at the message's end. */
  private int currentChar(byte[] message, int[] lexer) {
    int at = lexer[0] + lexer[1];
    return at < message.length ? message[at] & 0xff : -1;
  }

  private void nextChar(int[] lexer) {
    setLexer(lexer[0], lexer[1] + 1);
  }

  /** The text lexed since the last lexeme; the lexer moves past it. */
  private String lexeme(byte[] message, int[] lexer) {
    setLexer(lexer[0] + lexer[1], 0);
    String text = new String(message, lexer[0], lexer[1], java.nio.charset.StandardCharsets.ISO_8859_1);
    lexer[0] += lexer[1];
    lexer[1] = 0;
    return text;
  }

  private void parse() {
    byte[] message = message();
    int[] lexer = lexer(message);
    int state = tree.find(PARSER).map(b -> b.length == 1 ? (int) b[0] : -1).orElse(-1);
    int c = currentChar(message, lexer);
    switch (state) {
      case PARSE_INT -> {
        if (isDigit(c)) {
          nextChar(lexer);
        } else if (c == '+') {
          if (produceInt(message, lexer)) {
            produceAdd(message, lexer);
          }
        } else if (c == ' ') {
          if (produceInt(message, lexer)) {
            nextChar(lexer);
          }
        } else if (c == -1) {
          if (pushInt(lexeme(message, lexer))) {
            stopParsing(true);
          }
        } else {
          stopParsing(false);
        }
      }
      case PARSE_VAR -> {
        if (isIdentifierChar(c)) {
          nextChar(lexer);
        } else if (c == '+') {
          if (produceVar(message, lexer)) {
            produceAdd(message, lexer);
          }
        } else if (c == ' ') {
          if (produceVar(message, lexer)) {
            nextChar(lexer);
          }
        } else if (c == -1) {
          if (storeName(lexeme(message, lexer))) {
            stopParsing(true);
          }
        } else {
          stopParsing(false);
        }
      }
      case SKIP_LAYOUT -> {
        if (c == ' ') {
          nextChar(lexer);
        } else if (c == '+') {
          produceAdd(message, lexer);
        } else if (isDigit(c)) {
          lexeme(message, lexer);
          nextChar(lexer);
          tree.set(PARSER, new byte[] {PARSE_INT});
        } else if (isLetter(c)) {
          lexeme(message, lexer);
          nextChar(lexer);
          tree.set(PARSER, new byte[] {PARSE_VAR});
        } else if (c == -1) {
          stopParsing(true);
        } else {
          stopParsing(false);
        }
      }
      default -> throw corrupt("parser_state");
    }
  }

  private void produceAdd(byte[] message, int[] lexer) {
    lexeme(message, lexer);
    nextChar(lexer);
    inject(new Instruction.Add());
  }

  /** Emits the integer lexed; false (and the parse failed) if it does not fit 64 bits. */
  private boolean produceInt(byte[] message, int[] lexer) {
    if (!pushInt(lexeme(message, lexer))) {
      return false;
    }
    tree.set(PARSER, new byte[] {SKIP_LAYOUT});
    return true;
  }

  private boolean pushInt(String digits) {
    long value;
    try {
      value = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      stopParsing(false);
      return false;
    }
    inject(new Instruction.Push(value));
    return true;
  }

  /** Emits a store of the identifier lexed; false (and the parse failed) if it is too long. */
  private boolean produceVar(byte[] message, int[] lexer) {
    if (!storeName(lexeme(message, lexer))) {
      return false;
    }
    tree.set(PARSER, new byte[] {SKIP_LAYOUT});
    return true;
  }

  private boolean storeName(String name) {
    if (name.length() > MAX_NAME) {
      stopParsing(false);
      return false;
    }
    inject(new Instruction.Store(name));
    return true;
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLetter(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  static boolean isIdentifierChar(int c) {
    return isDigit(c) || isLetter(c) || c == '%';
  }

  // ---- the evaluator: one instruction per tick ----

  private void evaluate() {
    Optional<Instruction> next = pop(CODE).map(ArithPvm::decodeInstruction);
    if (next.isEmpty()) {
      stopEvaluating(true);
      return;
    }
    Instruction instruction = next.get();
    if (instruction instanceof Instruction.Push push) {
      push(STACK, longBytes(push.value()));
    } else if (instruction instanceof Instruction.Store store) {
      Optional<byte[]> top = top(STACK);
      if (top.isEmpty()) {
        stopEvaluating(false);
      } else if (store.name().equals("out")) {
        output(long64(top.get(), "stack"));
      } else {
        tree.set(List.of(VARS, store.name()), top.get());
      }
    } else {
      Optional<byte[]> x = pop(STACK);
      Optional<byte[]> y = x.isEmpty() ? Optional.empty() : pop(STACK);
      if (y.isEmpty()) {
        stopEvaluating(false);
        return;
      }
      try {
        push(STACK, longBytes(Math.addExact(long64(x.get(), "stack"), long64(y.get(), "stack"))));
      } catch (ArithmeticException e) {
        stopEvaluating(false);
      }
    }
  }

  private void output(long value) {
    long counter = tree.find(OUTPUT_COUNTER).map(b -> long64(b, "output_counter")).orElse(0L);
    int level = tree.find(CURRENT_LEVEL).map(b -> {
      if (b.length != 4) {
        throw corrupt("current_level");
      }
      return ByteBuffer.wrap(b).getInt();
    }).orElse(0);
    tree.set(OUTPUT_COUNTER, longBytes(counter + 1));
    tree.set(List.of(OUTPUT, Long.toString(counter)),
        ByteBuffer.allocate(12).putInt(level).putLong(value).array());
  }

  private void inject(Instruction instruction) {
    long end = dequeIndex(CODE, "end");
    tree.set(List.of(CODE, "end"), longBytes(end + 1));
    tree.set(List.of(CODE, Long.toString(end)), encodeInstruction(instruction));
  }

  // ---- a deque in the tree: [head, end) ----

  private long dequeIndex(String deque, String which) {
    return tree.find(List.of(deque, which)).map(b -> long64(b, deque)).orElse(0L);
  }

  private Optional<byte[]> top(String deque) {
    long head = dequeIndex(deque, "head");
    if (dequeIndex(deque, "end") <= head) {
      return Optional.empty();
    }
    return Optional.of(tree.find(List.of(deque, Long.toString(head)))
        .orElseThrow(() -> corrupt(deque)));
  }

  private void push(String deque, byte[] value) {
    long head = dequeIndex(deque, "head") - 1;
    tree.set(List.of(deque, "head"), longBytes(head));
    tree.set(List.of(deque, Long.toString(head)), value);
  }

  private Optional<byte[]> pop(String deque) {
    long head = dequeIndex(deque, "head");
    if (dequeIndex(deque, "end") <= head) {
      return Optional.empty();
    }
    byte[] value = tree.find(List.of(deque, Long.toString(head)))
        .orElseThrow(() -> corrupt(deque));
    tree.remove(List.of(deque, Long.toString(head)));
    tree.set(List.of(deque, "head"), longBytes(head + 1));
    return Optional.of(value);
  }

  // ---- encodings ----

  static byte[] encodeInstruction(Instruction instruction) {
    if (instruction instanceof Instruction.Push push) {
      return ByteBuffer.allocate(9).put((byte) 0).putLong(push.value()).array();
    }
    if (instruction instanceof Instruction.Add) {
      return new byte[] {1};
    }
    byte[] name = ((Instruction.Store) instruction).name()
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] out = new byte[1 + name.length];
    out[0] = 2;
    System.arraycopy(name, 0, out, 1, name.length);
    return out;
  }

  static Instruction decodeInstruction(byte[] bytes) {
    if (bytes.length == 9 && bytes[0] == 0) {
      return new Instruction.Push(ByteBuffer.wrap(bytes, 1, 8).getLong());
    }
    if (bytes.length == 1 && bytes[0] == 1) {
      return new Instruction.Add();
    }
    if (bytes.length > 1 && bytes.length <= 1 + MAX_NAME && bytes[0] == 2 && isLetter(bytes[1])) {
      for (int i = 2; i < bytes.length; i++) {
        if (!isIdentifierChar(bytes[i] & 0xff)) {
          throw corrupt("code");
        }
      }
      return new Instruction.Store(new String(bytes, 1, bytes.length - 1,
          java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    throw corrupt("code");
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static long long64(byte[] bytes, String what) {
    if (bytes.length != 8) {
      throw corrupt(what);
    }
    return ByteBuffer.wrap(bytes).getLong();
  }

  private static boolean bool(byte[] bytes, String what) {
    if (bytes.length != 1 || (bytes[0] & 0xfe) != 0) {
      throw corrupt(what);
    }
    return bytes[0] == 1;
  }

  /** A state that does not decode: a context can hash right and still have been crafted. */
  private static RuntimeException corrupt(String what) {
    return new ContextError.InconsistentContext("arith PVM state: " + what + " does not decode")
        .toException();
  }
}
