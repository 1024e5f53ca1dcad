/**
 * SD-DARTS (Zhu et al., 2023; specs/algorithms.md part C): DARTS whose weight step also distils the
 * voted predictions of earlier snapshots of the same supernet (the "voting teachers"). The paper body
 * was not available: every knob the spec marks unverified is a {@code nas.sddarts} setting.
 */
package org.sparknas.core.strategy.sddarts;
