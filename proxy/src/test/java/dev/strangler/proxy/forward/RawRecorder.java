package dev.strangler.proxy.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that records the exact bytes it receives, on plain sockets, so a test can prove that nothing at all
 * was forwarded. It answers every read with a fixed 200 response (or given bytes), or, when told to, closes the first
 * {@code dropFirst} connections without a word (a stale keep-alive connection, as the proxy sees it).
 */
final class RawRecorder implements AutoCloseable {

    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicInteger connections = new AtomicInteger();
    private final int dropFirst;
    private final byte[] answer;
    private final boolean closeAfterAnswer;

    RawRecorder(int dropFirst) throws IOException {
        this(dropFirst, OK, false);
    }

    /** An upstream that answers every read with {@code answer}, then closes the connection if told to. */
    RawRecorder(String answer, boolean closeAfterAnswer) throws IOException {
        this(0, answer.getBytes(StandardCharsets.ISO_8859_1), closeAfterAnswer);
    }

    private RawRecorder(int dropFirst, byte[] answer, boolean closeAfterAnswer) throws IOException {
        this.dropFirst = dropFirst;
        this.answer = answer;
        this.closeAfterAnswer = closeAfterAnswer;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "raw-recorder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = connections.incrementAndGet();
                Thread reader = new Thread(() -> serve(socket, number <= dropFirst), "raw-recorder-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, boolean drop) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                synchronized (received) {
                    received.write(buffer, 0, read);
                }
                if (drop) {
                    socket.setSoLinger(true, 0);
                    return;
                }
                out.write(answer);
                out.flush();
                if (closeAfterAnswer) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // the proxy closed the connection; what was received is recorded
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
