package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void aStacksPortsAreDistinctAndBindable() throws Exception {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int port = Ports.free();
      assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
    }
    int last = ports.iterator().next();
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", last));
      assertThat(socket.getLocalPort()).isEqualTo(last);
    }
  }
}
