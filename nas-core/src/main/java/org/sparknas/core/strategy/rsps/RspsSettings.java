package org.sparknas.core.strategy.rsps;

import org.sparknas.core.config.Settings;

/** The {@code nas.rsps} block. */
public record RspsSettings(int candidates, boolean requireConnected) {

  public static RspsSettings from(Settings s) {
    return new RspsSettings(s.intIn("nas.rsps.candidates", 1, 1_000_000), s.bool("nas.rsps.require-connected"));
  }
}
