package dev.realtimepipeline.sqlrunner;

import java.lang.reflect.Proxy;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM / SIGINT handling that runs BEFORE the JVM shuts down: a shutdown hook would run
 * concurrently with Flink's own hooks (blob server, I/O manager, local state cleanup), which pull
 * the cluster apart while a savepoint is being taken. The handler does its work in a thread of its
 * own, then exits with the code the action returns.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported, exported on every JDK 11+) is reached by
 * reflection, so the build has no internal-API warnings; without it the JVM's default handling stays.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
  private static volatile boolean terminating;
  private static volatile int exitCode = -1;

  private Signals() {}

  static boolean terminating() {
    return terminating;
  }

  /** The exit code the handler chose; -1 while it runs. */
  static int exitCode() {
    return exitCode;
  }

  /** On SIGTERM or SIGINT, runs {@code action} (signal number to exit code), then exits. */
  static void onTermination(IntUnaryOperator action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
        switch (method.getName()) {
          case "handle":
            int number = (Integer) signal.getMethod("getNumber").invoke(args[0]);
            handle(number, action);
            return null;
          case "hashCode":
            return System.identityHashCode(proxy);
          case "equals":
            return proxy == args[0];
          default:
            return "sql-runner signal handler";
        }
      });
      for (String name : new String[] {"TERM", "INT"}) {
        Object sig = signal.getConstructor(String.class).newInstance(name);
        signal.getMethod("handle", signal, handlerType).invoke(null, sig, handler);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("sql-runner: cannot handle SIGTERM/SIGINT ({}): the JVM's default applies", e.toString());
    }
  }

  private static void handle(int number, IntUnaryOperator action) {
    if (terminating) return;
    terminating = true;
    Thread t = new Thread(() -> {
      int code = 128 + number;
      try {
        code = action.applyAsInt(number);
      } finally {
        exitCode = code;
        System.exit(code);
      }
    }, "sql-runner-stop");
    t.start();
  }
}
