package dev.realtimepipeline.sqlrunner;

/** A runner setting: a system property, else an environment variable, else null. Blank counts as unset. */
final class Settings {
  private Settings() {}

  static String get(String property, String envVar) {
    String v = System.getProperty(property);
    if (v == null || v.trim().isEmpty()) v = System.getenv(envVar);
    return v == null || v.trim().isEmpty() ? null : v.trim();
  }
}
