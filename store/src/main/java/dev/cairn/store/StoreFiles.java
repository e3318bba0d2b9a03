package dev.cairn.store;

import dev.cairn.store.block.Block;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.DataDir;

/** What an opened store is made of, handed from {@link StoreOpening} to a {@link BlockView}. */
record StoreFiles(DataDir dataDir, StoreConfig config, Block genesis, StoreState state,
    ProtocolLevels protocolLevels, CementedCycles cemented, CementedIndex index,
    FloatingLog floating) {}
