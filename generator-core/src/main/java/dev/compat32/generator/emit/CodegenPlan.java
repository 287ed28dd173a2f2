package dev.compat32.generator.emit;

import com.palantir.javapoet.ClassName;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.IoctlSpec;
import dev.compat32.generator.spec.StructSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Decides what is generated and how it is named: one codec class per struct and distinct guest
 * layout (a variant such as i386-time64 gets its own class only where its layout differs), plus
 * one per union choice an ioctl asks for with {@code live}.
 */
public final class CodegenPlan {
  private final LayoutSet layouts;
  private final String guestAbi;
  private final String hostAbi;
  private final List<String> guestAbis;
  private final String packageName;
  private final Predicate<Path> own;
  private final Map<Path, String> dependencyPackages;
  // asked for every member of every struct that nests another; emitters ask from several threads
  private final Map<String, String> classAbis = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Map<String, Set<Choice>> choicesByStruct;

  /** A union choice: union member path of the struct to the live member's name. */
  public record Choice(Map<String, String> members) {
    public static final Choice NONE = new Choice(Map.of());

    public Choice {
      members = Collections.unmodifiableMap(new TreeMap<>(members));
    }

    String suffix() {
      StringBuilder out = new StringBuilder();
      members.values().forEach(m -> out.append("As").append(JavaNames.type(m)));
      return out.toString();
    }
  }

  public CodegenPlan(LayoutSet layouts, String guestAbi, String hostAbi, String packageName, Predicate<Path> own,
      Map<Path, String> dependencyPackages) {
    this.layouts = layouts;
    this.guestAbi = guestAbi;
    this.hostAbi = hostAbi;
    this.packageName = packageName;
    this.own = own;
    this.dependencyPackages = Map.copyOf(dependencyPackages);
    List<String> guests = new ArrayList<>();
    for (String abi : layouts.abis()) {
      if (abi.equals(guestAbi) || isVariantOf(abi, guestAbi)) {
        guests.add(abi);
      }
    }
    this.guestAbis = List.copyOf(guests);
  }

  private boolean isVariantOf(String abi, String base) {
    for (Optional<String> at = layouts.parentOf(abi); at.isPresent(); at = layouts.parentOf(at.get())) {
      if (at.get().equals(base)) {
        return true;
      }
    }
    return false;
  }

  public LayoutSet layouts() {
    return layouts;
  }

  public String hostAbi() {
    return hostAbi;
  }

  public String guestAbi() {
    return guestAbi;
  }

  /** The guest ABI and its variants. */
  public List<String> guestAbis() {
    return guestAbis;
  }

  public String packageName() {
    return packageName;
  }

  public boolean isOwn(StructSpec struct) {
    return own.test(struct.file());
  }

  public boolean isOwn(IoctlSpec ioctl) {
    return own.test(ioctl.file());
  }

  /**
   * The guest ABI whose class serves {@code struct} on {@code abi}: a variant shares its parent's
   * class when the whole layout, nested structs included, is the same.
   */
  public String classAbi(StructSpec struct, String abi) {
    return classAbis.computeIfAbsent(struct.name() + "|" + abi, key -> computeClassAbi(struct, abi));
  }

  private String computeClassAbi(StructSpec struct, String abi) {
    String at = abi;
    while (!at.equals(guestAbi)) {
      String parent = layouts.parentOf(at).orElseThrow();
      Optional<StructLayout> mine = layouts.struct(at, struct);
      Optional<StructLayout> theirs = layouts.struct(parent, struct);
      if (mine.isEmpty() || theirs.isEmpty() || !fingerprint(mine.get().layout()).equals(fingerprint(theirs.get().layout()))) {
        return at;
      }
      at = parent;
    }
    return at;
  }

  /** Whether {@code struct} needs a class of its own on {@code abi}. */
  public boolean hasOwnClass(StructSpec struct, String abi) {
    return classAbi(struct, abi).equals(abi);
  }

  /** The codec class of {@code struct} on guest {@code abi} for {@code choice}. */
  public ClassName codecClass(StructSpec struct, String abi, Choice choice) {
    String serving = classAbi(struct, abi);
    String suffix = serving.equals(guestAbi) ? "" : JavaNames.type(serving.startsWith(guestAbi) ? serving.substring(guestAbi.length()) : serving);
    String pkg = choice.members().isEmpty() && !isOwn(struct)
        ? dependencyPackages.getOrDefault(struct.file(), packageName) : packageName;
    return ClassName.get(pkg, JavaNames.type(struct.name()) + suffix + choice.suffix());
  }

  /** The guest ABIs on which {@code struct} gets a class of its own, for {@code choice}. */
  public List<String> classAbis(StructSpec struct) {
    return guestAbis.stream().filter(a -> layouts.struct(a, struct).isPresent() && hasOwnClass(struct, a)).toList();
  }

  /** Every choice the project's ioctls ask of {@code struct}. */
  public Set<Choice> choices(StructSpec struct) {
    if (choicesByStruct == null) {
      Map<String, Set<Choice>> byStruct = new java.util.HashMap<>();
      for (IoctlSpec ioctl : layouts.specs().ioctls()) {
        if (isOwn(ioctl) && !ioctl.live().isEmpty() && ioctl.arg().isPresent()) {
          byStruct.computeIfAbsent(ioctl.arg().get().base(), k -> new java.util.LinkedHashSet<>()).add(new Choice(ioctl.live()));
        }
      }
      choicesByStruct = byStruct;
    }
    return choicesByStruct.getOrDefault(struct.name(), Set.of());
  }

  /** A text that is equal for two layouts exactly when their bytes mean the same on both. */
  static String fingerprint(AggregateLayout layout) {
    StringBuilder out = new StringBuilder();
    out.append(layout.kind()).append(layout.size()).append('/').append(layout.align()).append('{');
    for (AggregateLayout.Member member : layout.members()) {
      out.append(member.name().orElse("")).append('@').append(member.offset()).append(member.bitOffset().orElse(-1))
          .append(':').append(fingerprint(member.type())).append(';');
    }
    return out.append('}').toString();
  }

  static String fingerprint(CType type) {
    return switch (CType.unwrap(type)) {
      case CType.Scalar s -> s.kind() + "" + s.size();
      case CType.Pointer p -> "*" + p.size() + p.target().spelling() + (p.target().isOpaque() ? "!" : "");
      case CType.Array a -> fingerprint(a.element()) + "[" + a.length() + "]";
      case CType.Aggregate a -> fingerprint(a.layout());
      case CType.Named n -> fingerprint(n.target());
    };
  }
}
