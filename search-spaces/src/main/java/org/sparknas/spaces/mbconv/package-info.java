/**
 * The MBConv ranking space of BossNAS (specs/algorithms.md B.2): 5 searched blocks of inverted
 * residual layers, each choosing among MB6/MB3 x 3x3/5x5 with SE 0.25 and SiLU
 * ({@link org.sparknas.spaces.mbconv.MbconvOp}); the scaled geometry
 * ({@link org.sparknas.spaces.mbconv.MbconvSettings}, {@link org.sparknas.spaces.mbconv.MbconvLayer}),
 * the architecture value and its string ({@link org.sparknas.spaces.mbconv.MbconvArchitecture}) and the
 * block-wise space with fair sampling ({@link org.sparknas.spaces.mbconv.MbconvSpace}), whose networks
 * {@code MbconvNetworks} builds.
 */
package org.sparknas.spaces.mbconv;
