package org.sparknas.core.data;

import java.util.ArrayList;
import java.util.List;

/** The names of a dataset's classes in label order, as its publishers list them. */
public final class ClassNames {
  private ClassNames() {}

  public static final List<String> FASHION_MNIST = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  public static final List<String> CIFAR10 = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
      "horse", "ship", "truck");

  /** The published names of a dataset with {@code classes} classes, else {@code class 0, class 1, ...}. */
  public static List<String> of(String dataset, int classes) {
    List<String> known = switch (dataset) {
      case FashionMnistReader.NAME -> FASHION_MNIST;
      case Cifar10Reader.NAME -> CIFAR10;
      default -> null;
    };
    if (known != null && known.size() == classes) {
      return known;
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      names.add("class " + k);
    }
    return names;
  }
}
