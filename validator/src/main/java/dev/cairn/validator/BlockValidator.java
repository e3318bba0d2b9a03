package dev.cairn.validator;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.Context;
import dev.cairn.context.ContextError;
import dev.cairn.context.ContextTree;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.block.BlockMetadata;
import dev.cairn.store.block.Operation;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ChainId;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.validator.crypto.TestnetKey;
import dev.cairn.validator.ledger.Account;
import dev.cairn.validator.ledger.Ledger;
import dev.cairn.validator.ledger.TestnetParameters;
import dev.cairn.validator.protocol.ProtocolRules;
import dev.cairn.validator.protocol.TestnetProtocols;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a block to its predecessor's context (DESIGN §6), or bakes one: both run the same rules
 * on the same code path, so a baked block is one that {@link #apply} accepts.
 *
 * <p>{@link #apply} checks, in order: the block's hash, the predecessor link, the level, the timestamp, the proto
 * level against the schedule and the protocol table, the validation passes, the operations hash,
 * the fitness, the protocol data's shape, the baker's right and signature, then each operation
 * ({@link OperationRun}); it then commits (or, for checks, only hashes) the new state and compares
 * the result with the header's context hash. Each failure is its own {@link ValidationError}.
 */
public final class BlockValidator {

  /** Testnet blocks carry their manager operations in one validation pass. */
  public static final int VALIDATION_PASSES = 1;

  private final ChainId chainId;

  public BlockValidator(ChainId chainId) {
    this.chainId = chainId;
  }

  /**
   * Whether {@link #bake} checks its operations' signatures. A node's baker takes operations from
   * its mempool, which checked each signature as it came in; checking again is Octez's {@code
   * check_signature} that the mempool turns off. {@link #apply} always checks.
   */
  public enum Signatures { CHECK, ALREADY_CHECKED }

  /** Whether applying a block writes its new state, or only computes its hash (for checks). */
  public enum Commit { WRITE, HASH_ONLY }

  /**
   * The block a new one is applied on: its hash and header, and its {@code max_operations_ttl}.
   * {@code live} holds the hashes an operation of the new block may name as its branch: the
   * predecessor and the {@code maxOperationsTtl} blocks below it (see {@code LiveBlocks}).
   */
  public record Predecessor(Block block, int maxOperationsTtl, Set<BlockHash> live) {
    public Predecessor {
      live = Set.copyOf(live);
    }
  }

  /**
   * What applying a block gave: its context hash, its metadata and the metadata's hash, and the
   * protocol that applied it (an activation block's is the new one: its receipts name it too).
   */
  public record Applied(ContextHash context, BlockMetadata metadata, Bytes metadataHash,
      ProtocolHash protocol) {}

  /**
   * Chooses a block's operations while it is baked, from the state they will apply to (after any
   * migration) and the protocol's rules. It must only read {@code state}: the same tree then
   * applies the operations, so what the chooser loaded is not loaded twice.
   */
  @FunctionalInterface
  public interface OperationChooser {
    List<Operation> choose(Ledger state, ProtocolRules rules);
  }

  /** A block baked by {@link #bake}, already applied and committed. */
  public record Baked(Block block, Applied applied) {}

  /** Applies {@code block} on {@code predecessor}'s context, checking every rule. */
  public Applied apply(Context context, Predecessor predecessor, ProtocolLevels table,
      Block block, Commit commit) {
    BlockHeader header = block.header();
    BlockHeader previous = predecessor.block().header();
    String name = block.hash().toString();
    int level = header.level();
    require(block.hash().equals(header.hash()), ValidationError.InvalidBlockHash::new, name,
        level, "its header hashes to " + header.hash());
    require(block.predecessor().equals(predecessor.block().hash()),
        ValidationError.InvalidPredecessor::new, name, level,
        "it names " + block.predecessor() + ", applied on " + predecessor.block().hash());
    require(level == previous.level() + 1, ValidationError.InvalidLevel::new, name, level,
        "level " + level + " after level " + previous.level());
    require(header.timestamp() > previous.timestamp(), ValidationError.InvalidTimestamp::new, name,
        level, header.timestamp() + " is not after " + previous.timestamp());

    State state = begin(context, predecessor.block(), level);
    require(header.proto() == state.protoLevel, ValidationError.InvalidProtoLevel::new, name,
        level, "proto level " + header.proto() + ", the schedule gives " + state.protoLevel);
    Optional<ProtocolLevel> row = table.at(state.protoLevel);
    require(row.isEmpty() || row.get().protocol().equals(state.protocol),
        ValidationError.InvalidProtoLevel::new, name, level, "the table maps proto level "
            + state.protoLevel + " to " + row.map(ProtocolLevel::protocol).orElse(null)
            + ", the schedule to " + state.protocol);
    require(header.validationPass() == VALIDATION_PASSES
        && block.operations().size() == VALIDATION_PASSES,
        ValidationError.InvalidValidationPass::new, name, level, "validation_pass "
            + header.validationPass() + " with " + block.operations().size() + " lists, not "
            + VALIDATION_PASSES);
    require(Block.operationsHash(block.operations()).equals(header.operationsHash()),
        ValidationError.InvalidOperationsHash::new, name, level,
        "the operations hash to " + Block.operationsHash(block.operations()));
    require(header.fitness().equals(fitness(level)), ValidationError.InvalidFitness::new, name,
        level, "fitness " + header.fitness());
    ProtocolData data = ProtocolData.decode(header.protocolData()).orElseThrow(() ->
        new ValidationError.InvalidProtocolData(name, level, header.protocolData().length()
            + " bytes, not " + ProtocolData.BYTES).toException());

    state.migrate(level);
    PublicKeyHash baker = state.baker(level);
    require(data.baker().equals(baker), ValidationError.InvalidBaker::new, name, level,
        data.baker() + " baked it, the right is " + baker + "'s");
    PublicKey bakerKey = state.ledger.account(baker).flatMap(Account::key).orElseThrow(() ->
        new ValidationError.InvalidBaker(name, level, "the baker " + baker
            + " has no revealed key").toException());
    require(data.signs(header, bakerKey, chainId), ValidationError.InvalidBlockSignature::new,
        name, level, "signed as " + baker);

    Applied applied = state.run(name, level, predecessor, block.operations().get(0), baker,
        commitInfo(previous, header.timestamp()), commit, true, context::emptyTree);
    if (!applied.context().equals(header.context())) {
      throw new ContextError.InconsistentContextHash("block " + name + " at level " + level,
          header.context(), applied.context()).toException();
    }
    return applied;
  }

  /**
   * Bakes a block on {@code predecessor} at {@code timestamp} with {@code operations}: applies
   * them under every rule, commits the new state, and signs the header with the baker's testnet
   * key (bakers are the testnet's first accounts, so their keys derive from its seed).
   */
  public Baked bake(Context context, Predecessor predecessor, long timestamp,
      List<Operation> operations, Signatures signatures) {
    return bake(context, predecessor, timestamp, (state, rules) -> operations, signatures);
  }

  /** {@link #bake(Context, Predecessor, long, List, Signatures)}, choosing the operations there. */
  public Baked bake(Context context, Predecessor predecessor, long timestamp,
      OperationChooser chooser, Signatures signatures) {
    BlockHeader previous = predecessor.block().header();
    int level = previous.level() + 1;
    String name = "being baked";
    require(timestamp > previous.timestamp(), ValidationError.InvalidTimestamp::new, name, level,
        timestamp + " is not after " + previous.timestamp());
    State state = begin(context, predecessor.block(), level);
    state.migrate(level);
    PublicKeyHash baker = state.baker(level);
    List<Operation> operations = List.copyOf(chooser.choose(state.ledger, state.rules));
    Applied applied = state.run(name, level, predecessor, operations, baker,
        commitInfo(previous, timestamp), Commit.WRITE, signatures == Signatures.CHECK,
        context::emptyTree);
    List<List<Operation>> lists = List.of(operations);
    BlockHeader unsigned = new BlockHeader(level, state.protoLevel, predecessor.block().hash(),
        timestamp, VALIDATION_PASSES, Block.operationsHash(lists), fitness(level),
        applied.context(), baker.bytes());
    TestnetKey key = TestnetKey.derive(state.parameters.seed(), state.bakerIndex(level));
    BlockHeader header = ProtocolData.sign(unsigned, key, chainId);
    Block block = Block.of(header, lists, Optional.of(applied.metadata()));
    return new Baked(block, applied);
  }

  /** The fitness of a block at {@code level}: its level, as one 4-byte element. */
  public static List<Bytes> fitness(int level) {
    return List.of(Bytes.copyOf(ByteBuffer.allocate(4).putInt(level).array()));
  }

  /** {@code max_operations_ttl} of a block at {@code level}. */
  public static int maxOperationsTtl(int level, TestnetParameters parameters) {
    return Math.min(level, parameters.maxOperationsTtl());
  }

  private static CommitInfo commitInfo(BlockHeader previous, long timestamp) {
    return new CommitInfo(List.of(previous.context()), timestamp, "");
  }

  private State begin(Context context, Block predecessor, int level) {
    ContextTree tree = context.checkout(predecessor.header().context());
    Ledger ledger = new Ledger(tree);
    TestnetParameters parameters = ledger.parameters().orElseThrow(() ->
        new ContextError.InconsistentContext("the context of " + predecessor.hash()
            + " holds no testnet parameters").toException());
    ProtocolHash current = ledger.protocol().orElseThrow(() ->
        new ContextError.InconsistentContext("the context of " + predecessor.hash()
            + " names no protocol").toException());
    Optional<ProtocolHash> activation = ProtocolSchedule.activationAt(level, parameters);
    ProtocolHash protocol = activation.orElse(current);
    ProtocolRules rules = TestnetProtocols.rules(protocol).orElseThrow(() ->
        new ContextError.InconsistentContext("the context of " + predecessor.hash()
            + " is under protocol " + protocol + ", which applies no block").toException());
    if (parameters.challengeWindow() != 0) {
      rules = rules.withRollupChallengeWindow(parameters.challengeWindow());
    }
    int protoLevel = predecessor.header().proto() + (activation.isPresent() ? 1 : 0);
    return new State(ledger, parameters, protocol, rules, activation.isPresent(), protoLevel);
  }

  private static void require(boolean holds, ValidationError.Rule rule, String block, int level,
      String found) {
    if (!holds) {
      throw rule.of(block, level, found).toException();
    }
  }

  /** One block's state as it is applied. */
  private static final class State {
    final Ledger ledger;
    final TestnetParameters parameters;
    final ProtocolHash protocol;
    final ProtocolRules rules;
    final boolean activates;
    final int protoLevel;
    List<PublicKeyHash> bakers;

    State(Ledger ledger, TestnetParameters parameters, ProtocolHash protocol, ProtocolRules rules,
        boolean activates, int protoLevel) {
      this.ledger = ledger;
      this.parameters = parameters;
      this.protocol = protocol;
      this.rules = rules;
      this.activates = activates;
      this.protoLevel = protoLevel;
    }

    void migrate(int level) {
      if (activates) {
        ProtocolSchedule.migrate(ledger, protocol, level, parameters);
      }
    }

    int bakerIndex(int level) {
      if (bakers == null) {
        bakers = ledger.bakers();
      }
      return BakingRights.bakerIndex(bakers.size(), parameters.seed(), level);
    }

    PublicKeyHash baker(int level) {
      int index = bakerIndex(level);
      return bakers.get(index);
    }

    Applied run(String name, int level, Predecessor predecessor, List<Operation> operations,
        PublicKeyHash baker, CommitInfo info, Commit commit, boolean verifySignatures,
        java.util.function.Supplier<dev.cairn.context.ContextTree> emptyTrees) {
      OperationRun run = new OperationRun(ledger, rules, predecessor.live(), name, level,
          verifySignatures, emptyTrees);
      run.applyAll(operations);
      long paid;
      try {
        paid = Math.addExact(rules.bakingReward(), run.fees() - run.burned());
      } catch (ArithmeticException e) {
        throw new ValidationError.BalanceOverflow(name, level, "the baker's fees").toException();
      }
      run.credit("the baker's reward", baker, paid);
      if (run.burned() > 0) {
        try {
          ledger.setBurned(Math.addExact(ledger.burned(), run.burned()));
        } catch (ArithmeticException e) {
          throw new ValidationError.BalanceOverflow(name, level, "the burned total")
              .toException();
        }
      }
      ContextHash hash = commit == Commit.WRITE ? ledger.tree().commit(info)
          : ledger.tree().hash(info);
      Bytes receipts = new Receipts(protocol, baker, rules.bakingReward(), run.fees(),
          run.burned(), run.receipts()).encode();
      BlockMetadata metadata = new BlockMetadata(maxOperationsTtl(level, parameters), receipts);
      return new Applied(hash, metadata, Receipts.hashOf(receipts), protocol);
    }
  }
}
