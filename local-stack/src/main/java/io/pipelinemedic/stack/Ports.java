package io.pipelinemedic.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Waits for and probes TCP ports on the loopback interface. */
final class Ports {

  private Ports() {}

  /** The lowest port the kernel hands out to outgoing connections (Linux's default). */
  private static final int EPHEMERAL_DEFAULT = 32768;

  private static final int LOWEST = 20000;

  /** Every port {@link #free()} has handed out: a stack's ports are chosen before any is bound. */
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private static final Random RANDOM = new Random();

  /**
   * A port nothing listens on now and not handed out before by this JVM, below the kernel's
   * ephemeral range: an outgoing connection is never given it, so a service restarted on it (a
   * drill) finds it free again.
   */
  static int free() throws IOException {
    int ephemeral = ephemeralStart();
    for (int attempt = 0; ephemeral > LOWEST && attempt < 200; attempt++) {
      int port = LOWEST + RANDOM.nextInt(ephemeral - LOWEST);
      if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
        return port;
      }
    }
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (GIVEN.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress("0.0.0.0", port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int ephemeralStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return EPHEMERAL_DEFAULT;
    }
  }

  static boolean isOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until {@code port} accepts connections; fails early if {@code process} exits. */
  static void awaitOpen(int port, Duration timeout, Process process)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!isOpen(port)) {
      if (!process.isAlive()) {
        throw new IOException(
            "process exited with " + process.exitValue() + " before port " + port + " opened");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException(
            "port " + port + " did not open within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(100);
    }
  }
}
