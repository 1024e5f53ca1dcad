/**
 * The NATS-Bench size space as BossNAS searches it (specs/algorithms.md B.2): a fixed cell and macro
 * with 5 searchable widths ({@link org.sparknas.spaces.natssize.NatsSizeSettings},
 * {@link org.sparknas.spaces.natssize.NatsSizeLayer}), the architecture value with NATS-Bench's
 * {@code c1:c2:c3:c4:c5} string ({@link org.sparknas.spaces.natssize.NatsSizeArchitecture}), and the
 * block-wise space with fair sampling ({@link org.sparknas.spaces.natssize.NatsSizeSpace}) whose networks
 * slice shared widest weights ({@code NatsSizeNetworks}).
 */
package org.sparknas.spaces.natssize;
