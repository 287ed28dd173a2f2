package it.generated;

/** Hand-written, beside the generated code: the plugin must leave it alone. */
public final class MydevShim {
  private MydevShim() {}
}
