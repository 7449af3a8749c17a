package io.dlog.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A tiny network probe that {@link NetnsNetworkIT} runs inside a namespace ({@code ip netns exec ns java ...}):
 * {@code tcp-listen H P} (prints {@code listening}, answers {@code ok} to each connection, halts when stdin closes),
 * {@code tcp-connect H P MS} (exit 0 if a listener answered within MS), {@code udp-listen H P MS} (prints
 * {@code listening}, exit 0 if a datagram arrived within MS, else 1), {@code udp-send H P} (sends a few
 * datagrams; one that the local rules drop is not an error).
 */
public final class NetProbe {

    private NetProbe() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress host = InetAddress.getByName(args[1]);
        int port = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "tcp-listen" -> tcpListen(new InetSocketAddress(host, port));
            case "tcp-connect" -> System.exit(tcpConnect(new InetSocketAddress(host, port), Integer.parseInt(args[3])));
            case "udp-listen" -> System.exit(udpListen(new InetSocketAddress(host, port), Integer.parseInt(args[3])));
            case "udp-send" -> udpSend(new InetSocketAddress(host, port));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void tcpListen(InetSocketAddress at) throws IOException {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for the test to close the pipe
                }
            } catch (IOException e) {
                // treated as closed
            }
            Runtime.getRuntime().halt(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(at);
            System.out.println("listening");
            System.out.flush();
            while (true) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
    }

    private static int tcpConnect(InetSocketAddress to, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(to, timeoutMs);
            s.setSoTimeout(timeoutMs);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return "ok".equals(line) ? 0 : 1;
        } catch (IOException e) {
            return 1;
        }
    }

    private static int udpListen(InetSocketAddress at, int timeoutMs) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(at)) {
            socket.setSoTimeout(timeoutMs);
            System.out.println("listening");
            System.out.flush();
            DatagramPacket p = new DatagramPacket(new byte[64], 64);
            socket.receive(p);
            return 0;
        } catch (SocketTimeoutException e) {
            return 1;
        }
    }

    private static void udpSend(InetSocketAddress to) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) {
                try {
                    socket.send(new DatagramPacket(ping, ping.length, to));
                } catch (IOException e) {
                    // A datagram dropped by this namespace's output chain fails with EPERM: it was not sent.
                    System.err.println("udp-send: " + e.getMessage());
                }
            }
        }
    }
}
