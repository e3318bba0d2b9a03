package dev.cairn.node;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code cairn help [COMMAND…]}: the help of any command, however deep. */
@Command(name = "help", helpCommand = true,
    description = "Shows the help of a command, e.g. 'cairn help snapshot export'.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "The command, and its subcommands, whose help to show.")
  private String[] commands = {};

  private CommandLine self;
  private Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme,
      PrintWriter outWriter, PrintWriter errWriter) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = outWriter;
  }

  @Override
  public void run() {
    CommandLine command = self.getParent();
    for (String name : commands) {
      CommandLine sub = command.getSubcommands().get(name);
      if (sub == null) {
        throw new ParameterException(self, "no command '" + name + "' in '"
            + command.getCommandSpec().qualifiedName() + "'");
      }
      command = sub;
    }
    command.usage(out, colors);
  }
}
