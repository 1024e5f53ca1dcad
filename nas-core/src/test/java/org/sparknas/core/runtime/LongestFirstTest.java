package org.sparknas.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LongestFirstTest {

  @Test
  @DisplayName("items are handed out by decreasing cost, ties in input order; results come back in input order")
  void handsOutCostliestFirst() {
    List<String> items = List.of("bb", "a", "dddd", "cc", "eee");
    ArrayList<String> handedOut = new ArrayList<>();
    List<String> results = new LocalRunner().mapLongestFirst("test", handedOut, items, (seen, item) -> {
      seen.add(item);
      return item.toUpperCase();
    }, String::length);
    assertEquals(List.of("dddd", "eee", "bb", "cc", "a"), handedOut);
    assertEquals(List.of("BB", "A", "DDDD", "CC", "EEE"), results);
  }
}
