/**
 * The HyTra space of BossNAS (specs/algorithms.md B.2): a 4-level fabric of ResConv and ResAtt layers
 * searched in 4 blocks. {@link org.sparknas.spaces.hytra.HytraOp} names the six (block type, level)
 * ops, {@link org.sparknas.spaces.hytra.HytraPaths} the stay-or-halve rules and per-block candidate
 * sets, {@link org.sparknas.spaces.hytra.HytraSettings} the scaled geometry,
 * {@link org.sparknas.spaces.hytra.HytraArchitecture} the value and its string, and
 * {@link org.sparknas.spaces.hytra.HytraSpace} the block-wise space the BossNAS strategy drives.
 * Its networks ({@code HytraNetworks}) are built from the {@link org.sparknas.spaces.hytra.HytraLayer}s of
 * a path.
 */
package org.sparknas.spaces.hytra;
