package dev.metacircular.web.fleet;

import dev.metacircular.ports.scheduler.FleetEvent;

/** An event as the pages list it: when (UTC), which service, recorded where, what, and why. */
record EventView(String time, String service, String source, String kind, String message) {

  static EventView of(FleetEvent e) {
    return new EventView(Times.show(e.at()), e.service(), e.source(), e.kind(), e.message());
  }
}
