package dev.metacircular.apps.cli;

/**
 * Marks a command whose standard output is its result (tables, JSON, an id), so logs must go to
 * standard error and only at WARN or above. Servers log JSON lines to standard output instead.
 */
public interface KeepsStdoutForOutput {}
