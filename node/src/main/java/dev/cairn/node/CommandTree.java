package dev.cairn.node;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Which command has which subcommands, in the order help lists them, and the building of
 * picocli's model for a run. Picocli builds a command's model by reflection when the command is
 * added (a few milliseconds a class, about 0.2 s for all of Cairn's), so a run adds only the path
 * of commands its arguments name, {@code cairn snapshot info} three models and not forty; where an
 * argument names no subcommand (help, an option, a mistake) every subcommand at that level is
 * added, so that help and picocli's suggestions see them all.
 */
final class CommandTree {

  private static final Map<Class<?>, List<Class<?>>> SUBCOMMANDS = Map.of(
      CairnCommand.class, List.of(DemoCommand.class, SnapshotCommand.class,
          FixturesCommand.class, NodeCommand.class, RollupCommand.class, StoreCommand.class,
          KeyCommand.class, HelpCommand.class),
      SnapshotCommand.class, List.of(SnapshotCommand.Export.class, SnapshotCommand.Import.class,
          SnapshotCommand.Info.class, SnapshotVerifyCommand.class, SnapshotSignCommand.class,
          SnapshotSquashCommand.class, SnapshotListCommand.class, SnapshotPruneCommand.class),
      RollupCommand.class, List.of(RollupCommand.Run.class, RollupCommand.Info.class,
          RollupSnapshotCommand.class),
      RollupSnapshotCommand.class, List.of(RollupSnapshotCommand.Export.class,
          RollupSnapshotCommand.Import.class, RollupSnapshotCommand.Info.class,
          RollupSnapshotCommand.Verify.class),
      FixturesCommand.class, List.of(FixturesCommand.Generate.class),
      KeyCommand.class, List.of(KeyCommand.Generate.class, KeyCommand.Show.class),
      NodeCommand.class, List.of(NodeRunCommand.class, NodeCommand.Info.class),
      StoreCommand.class, List.of(StoreCommand.Check.class));

  private CommandTree() {}

  /** Adds to {@code command} (a {@code type}) the subcommands {@code args} from {@code depth} can reach. */
  static void addSubcommands(CommandLine command, Class<?> type, String[] args, int depth) {
    List<Class<?>> children = SUBCOMMANDS.getOrDefault(type, List.of());
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> child : children) {
      byName.put(child.getAnnotation(Command.class).name(), child);
    }
    Class<?> named = depth < args.length ? byName.get(args[depth]) : null;
    Collection<Class<?>> added =
        named == null || named == HelpCommand.class ? byName.values() : List.of(named);
    for (Class<?> child : added) {
      CommandLine sub = new CommandLine(child, command.getFactory());
      command.addSubcommand(sub);
      // Below a subcommand that was not named, every level is added (help lists them all).
      addSubcommands(sub, child, named == child ? args : new String[0], depth + 1);
    }
  }

  /** Every subcommand class of {@code type}, for tests. */
  static List<Class<?>> subcommandsOf(Class<?> type) {
    return SUBCOMMANDS.getOrDefault(type, List.of());
  }
}
