package dev.strangler.proxy.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends exact bytes to the proxy on a plain socket and reads whatever comes back until the proxy closes. */
final class RawClient {

    private RawClient() {
    }

    /** Writes {@code request} and returns everything read until close or a 5 s silence. */
    static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) > 0) {
                out.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException silence) {
            // the proxy kept the connection open; what arrived is the answer
        } catch (IOException reset) {
            // a reset after the answer still leaves the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status code of the first response in {@code response}, or -1 when there was none. */
    static int status(String response) {
        int space = response.indexOf(' ');
        if (space < 0 || response.substring(0, space).indexOf('/') < 0 || response.length() < space + 4) {
            return -1;
        }
        int start = response.indexOf(' ') + 1;
        return Integer.parseInt(response.substring(start, start + 3));
    }
}
