package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The checkpoint file format: a magic and version header, files of earlier builds, newer versions refused. */
class CheckpointsTest {

  @Test
  @DisplayName("a state round-trips; the file starts with SNCK and the format version")
  void roundTrip() {
    ArrayList<String> state = new ArrayList<>(List.of("epoch", "3"));
    byte[] bytes = Checkpoints.serialize(state);
    assertEquals(Checkpoints.MAGIC, ByteBuffer.wrap(bytes).getInt());
    assertEquals(Checkpoints.FORMAT_VERSION, ByteBuffer.wrap(bytes).getInt(4));
    assertEquals(state, Checkpoints.deserialize(bytes));
  }

  @Test
  @DisplayName("a file without the header (an earlier build) is read as format 0")
  void headerless() throws IOException {
    ByteArrayOutputStream old = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(old)) {
      out.writeObject(new ArrayList<>(List.of(1, 2)));
    }
    assertEquals(List.of(1, 2), Checkpoints.deserialize(old.toByteArray()));
  }

  @Test
  @DisplayName("a newer format is refused with a message naming both versions")
  void newerRefused() {
    byte[] bytes = Checkpoints.serialize(new ArrayList<>());
    ByteBuffer.wrap(bytes).putInt(4, Checkpoints.FORMAT_VERSION + 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Checkpoints.deserialize(bytes));
    assertTrue(e.getMessage().contains("format " + (Checkpoints.FORMAT_VERSION + 1)), e.getMessage());
  }
}
