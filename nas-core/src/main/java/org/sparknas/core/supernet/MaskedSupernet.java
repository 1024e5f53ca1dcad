package org.sparknas.core.supernet;

import org.sparknas.core.space.Encoding;

/**
 * A supernet together with the mask it was trained under: the one-shot supernet (all ops allowed) or
 * one GM-NAS sub-supernet. Scoring an architecture uses the member whose mask admits it.
 */
public record MaskedSupernet(Encoding encoding, Supernet supernet) {}
