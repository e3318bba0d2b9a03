package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A hash of one kind: its bytes, and its base58check text as {@link #toString()}. */
public sealed interface TezosHash
    permits BlockHash, OperationHash, OperationListHash, OperationListListHash, ProtocolHash,
        ContextHash, ChainId, PublicKeyHash, PublicKey, Signature, RollupAddress, RollupStateHash,
        CommitmentHash, InboxHash {

  Bytes bytes();

  HashKind kind();

  default String toBase58() {
    return kind().encode(bytes());
  }
}
