package dev.compat32.generator.spec;

public enum AggregateKind {
  STRUCT("struct"),
  UNION("union");

  private final String keyword;

  AggregateKind(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }
}
