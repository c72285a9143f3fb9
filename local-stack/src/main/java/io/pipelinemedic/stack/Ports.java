package io.pipelinemedic.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/** Waits for and probes TCP ports on the loopback interface. */
final class Ports {

  private Ports() {}

  /** A port nothing listens on now. */
  static int free() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
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
