package org.sparknas.core.strategy.sddarts;

import org.sparknas.core.strategy.darts.BilevelCheckpoint;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.Sgd;

/** An SD-DARTS search after {@code epochsDone} epochs: the supernet, both optimisers and the teacher snapshots. */
record SddartsCheckpoint(int epochsDone, SupernetParameters parameters, Sgd sgd, Optimizer adam, TeacherBuffer teachers)
    implements BilevelCheckpoint {}
