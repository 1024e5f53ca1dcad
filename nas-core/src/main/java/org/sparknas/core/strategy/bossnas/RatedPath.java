package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;

/**
 * A candidate path with its population-centre score, a loss: lower is better.
 *
 * @param path the candidate
 * @param score mean over rating batches of the path loss towards the centre, in [-4, 4]
 * @param index position of the candidate in the list that was rated (breaks ties)
 */
public record RatedPath<P extends Serializable>(P path, double score, int index) implements Serializable {}
