package dev.cairn.validator.rollup.arith;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The arith language run the obvious way, with no ticks and no tree: the oracle the PVM is tested
 * against. It counts the ticks the PVM should take from the grammar alone: one to take the
 * message, one per character the parser consumes plus one to stop, one per instruction evaluated
 * plus one to find the code exhausted.
 */
final class PlainArith {

  final Map<String, Long> vars = new TreeMap<>();
  final List<Long> outbox = new ArrayList<>();
  List<Long> stack = List.of();
  boolean parsed;
  boolean evaluated;
  long ticks;
  private boolean booted;

  void run(byte[] message) {
    if (!booted) {
      booted = true;
      ticks++; // halted → waiting
    }
    ticks++; // the input
    List<Object> code = new ArrayList<>(); // Long: push, "+": add, String "=name": store
    int i = 0;
    int n = message.length;
    parsed = true;
    scan:
    while (true) {
      if (i >= n) {
        break;
      }
      int c = message[i] & 0xff;
      if (c == ' ' || c == '+') {
        if (c == '+') {
          code.add("+");
        }
        i++;
      } else if (c >= '0' && c <= '9' || isLetter(c)) {
        boolean number = c <= '9';
        int j = i + 1;
        while (j < n && (number ? isDigit(message[j] & 0xff) : isIdentifier(message[j] & 0xff))) {
          j++;
        }
        if (j < n && message[j] != ' ' && message[j] != '+') {
          i = j;
          parsed = false;
          break scan;
        }
        String token = new String(message, i, j - i, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (number) {
          try {
            code.add(Long.parseLong(token));
          } catch (NumberFormatException e) {
            i = j;
            parsed = false;
            break scan;
          }
        } else if (token.length() > ArithPvm.MAX_NAME) {
          i = j;
          parsed = false;
          break scan;
        } else {
          code.add("=" + token);
        }
        i = j;
      } else {
        parsed = false;
        break;
      }
    }
    ticks += i + 1;
    Deque<Long> values = new ArrayDeque<>();
    evaluated = true;
    for (Object instruction : code) {
      ticks++;
      if (instruction instanceof Long value) {
        values.push(value);
      } else if (instruction.equals("+")) {
        Long x = values.poll();
        Long y = x == null ? null : values.poll();
        if (y == null) {
          evaluated = false;
          break;
        }
        long sum = x + y;
        if (((x ^ sum) & (y ^ sum)) < 0) {
          evaluated = false;
          break;
        }
        values.push(sum);
      } else {
        Long top = values.peek();
        if (top == null) {
          evaluated = false;
          break;
        }
        String name = ((String) instruction).substring(1);
        if (name.equals("out")) {
          outbox.add(top);
        } else {
          vars.put(name, top);
        }
      }
    }
    if (evaluated) {
      ticks++;
    }
    stack = List.copyOf(values);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isIdentifier(int c) {
    return isDigit(c) || isLetter(c) || c == '%';
  }
}
