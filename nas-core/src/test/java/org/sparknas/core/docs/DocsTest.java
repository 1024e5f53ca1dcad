package org.sparknas.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigLoader;

/**
 * The manual cannot drift from the code: docs/configuration.md lists every key of the defaults file
 * with its default (and no other key), and every relative link of README.md and docs/ leads to a file
 * (and heading) that exists.
 */
class DocsTest {
  private static final Pattern KEY_ROW = Pattern.compile("^\\| `(nas\\.[^`]+)` \\| `([^`]*)` \\| (.*) \\|$");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  /** The repository root: the parent of the module the tests run in. */
  private static Path root() {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    assertTrue(Files.isRegularFile(root.resolve("README.md")), "no README.md in " + root);
    return root;
  }

  @Test
  @DisplayName("docs/configuration.md: every key of sparknas-defaults.conf, with its default and a meaning, and no other key")
  void configurationTableMatchesDefaults() throws IOException {
    Map<String, String> documented = new LinkedHashMap<>();
    for (String line : Files.readAllLines(root().resolve("docs/configuration.md"))) {
      Matcher m = KEY_ROW.matcher(line);
      if (m.matches()) {
        assertFalse(m.group(3).isBlank(), m.group(1) + " has no meaning");
        assertTrue(documented.put(m.group(1), m.group(2)) == null, m.group(1) + " is documented twice");
      }
    }
    Config defaults = ConfigLoader.defaults();
    Set<String> keys = new TreeSet<>();
    defaults.entrySet().forEach(e -> keys.add(e.getKey()));
    Set<String> undocumented = new TreeSet<>(keys);
    undocumented.removeAll(documented.keySet());
    assertEquals(Set.of(), undocumented, "keys of the defaults file missing from docs/configuration.md");
    Set<String> unknown = new TreeSet<>(documented.keySet());
    unknown.removeAll(keys);
    assertEquals(Set.of(), unknown, "keys in docs/configuration.md that the defaults file does not have");
    for (String key : keys) {
      Object expected = defaults.getValue(key).unwrapped();
      ConfigValue doc = ConfigFactory.parseString("v = " + documented.get(key)).getValue("v");
      assertTrue(same(expected, doc.unwrapped()), key + ": documented default " + documented.get(key)
          + ", defaults file " + defaults.getValue(key).render());
    }
  }

  /** Equal values, numbers compared by value (3e-4 and 0.0003, 1 and 1.0). */
  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  @Test
  @DisplayName("every relative link of README.md and docs/*.md points to an existing file and heading")
  void linksResolve() throws IOException {
    Path root = root();
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http(s), mailto
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(root.relativize(page) + ": " + target);
        } else if (target.contains("#") && resolved.toString().endsWith(".md")
            && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
          broken.add(root.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  /** GitHub's heading anchors of a page: lower case, spaces to '-', other punctuation dropped. */
  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new TreeSet<>();
    for (String line : Files.readAllLines(page)) {
      if (line.startsWith("#")) {
        String text = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
        anchors.add(text.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}
