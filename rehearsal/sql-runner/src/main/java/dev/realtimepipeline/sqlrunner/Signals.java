package dev.realtimepipeline.sqlrunner;

import sun.misc.Signal;

/**
 * SIGTERM / SIGINT handling that runs BEFORE the JVM shuts down: a shutdown hook would run
 * concurrently with Flink's own hooks (blob server, I/O manager, local state cleanup), which pull
 * the cluster apart while a savepoint is being taken. The handler does its work, then exits.
 */
final class Signals {
  private static volatile boolean terminating;

  private Signals() {}

  static boolean terminating() {
    return terminating;
  }

  static void onTermination(Runnable action) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), sig -> {
        if (terminating) return;
        terminating = true;
        Thread t = new Thread(() -> {
          try {
            action.run();
          } finally {
            System.exit(0);
          }
        }, "sql-runner-stop");
        t.start();
      });
    }
  }
}
