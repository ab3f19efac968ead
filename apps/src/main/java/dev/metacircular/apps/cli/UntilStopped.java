package dev.metacircular.apps.cli;

/**
 * Keeps a server command alive until the JVM is asked to stop (SIGTERM, Ctrl-C), then closes what
 * it runs, from the shutdown hook, before the process exits.
 */
public final class UntilStopped {

  private UntilStopped() {}

  /** Blocks until shutdown; {@code running} is closed by the shutdown hook. */
  public static void await(AutoCloseable running, String threadName) throws InterruptedException {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } catch (Exception e) {
                    // The process is exiting; the server logged what went wrong.
                  } finally {
                    stopped.countDown();
                  }
                },
                threadName));
    stopped.await();
  }
}
