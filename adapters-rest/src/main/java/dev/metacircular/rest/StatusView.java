package dev.metacircular.rest;

/** {@code {"status": "ok"}}: the answer of a call that has nothing else to say. */
record StatusView(String status) {
  static final StatusView OK = new StatusView("ok");
}
