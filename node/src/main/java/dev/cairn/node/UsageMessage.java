package dev.cairn.node;

import dev.cairn.error.CauseText;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error in one line of our words: what was wrong, the nearest option for a misspelt
 * one, and where the help is. Exit status 2.
 */
final class UsageMessage {

  private static final Pattern INVALID_OPTION =
      Pattern.compile("Invalid value for option '([^']+)': (.*)", Pattern.DOTALL);
  private static final Pattern INVALID_PARAMETER = Pattern.compile(
      "Invalid value for positional parameter at index [0-9]+ \\(([^)]+)\\): (.*)",
      Pattern.DOTALL);
  private static final Pattern PICOCLI_CONVERSION =
      Pattern.compile("cannot convert '(.*)' to .*", Pattern.DOTALL);

  private UsageMessage() {}

  static String of(ParameterException exception) {
    String help = "; try '" + exception.getCommandLine().getCommandSpec().qualifiedName()
        + " --help'";
    if (exception instanceof UnmatchedArgumentException unmatched) {
      List<String> unknown = unmatched.getUnmatched();
      List<String> nearest = unmatched.getSuggestions();
      String what = unknown.isEmpty() ? "an unknown argument"
          : (unknown.get(0).startsWith("-") ? "unknown option '" : "unexpected argument '")
              + CauseText.oneLine(unknown.get(0)) + "'";
      return what + (nearest.isEmpty() ? "" : " (did you mean " + String.join(" or ",
          nearest.subList(0, Math.min(3, nearest.size()))) + "?)") + help;
    }
    String message = exception.getMessage() == null ? "invalid usage" : exception.getMessage();
    Matcher option = INVALID_OPTION.matcher(message);
    Matcher parameter = INVALID_PARAMETER.matcher(message);
    if (option.matches()) {
      message = option.group(1) + ": " + ourWords(option.group(2));
    } else if (parameter.matches()) {
      message = parameter.group(1) + ": " + ourWords(parameter.group(2));
    }
    return CauseText.oneLine(message) + help;
  }

  /** A converter's own message as it is; picocli's generic one without its Java class names. */
  private static String ourWords(String message) {
    Matcher conversion = PICOCLI_CONVERSION.matcher(message);
    return conversion.matches() ? "'" + conversion.group(1) + "' is not an accepted value"
        : message;
  }
}
