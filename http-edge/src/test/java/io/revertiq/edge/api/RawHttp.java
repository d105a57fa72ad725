package io.revertiq.edge.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what a fuzzer needs to send requests that well-behaved clients
 * refuse to build (raw non-ASCII header bytes, invalid percent escapes, overlong request lines, duplicate headers).
 */
final class RawHttp {
    private RawHttp() {
    }

    /** A request to build: target and header values are written as UTF-8 bytes unless given as {@code byte[]}. */
    static final class Request {
        private final String method;
        private final byte[] target;
        private final List<byte[]> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private boolean contentLength = true;

        Request(String method, String target) {
            this(method, target.getBytes(StandardCharsets.UTF_8));
        }

        Request(String method, byte[] target) {
            this.method = method;
            this.target = target;
        }

        Request header(String name, String value) {
            return header(name, value.getBytes(StandardCharsets.UTF_8));
        }

        Request header(String name, byte[] value) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            line.writeBytes((name + ": ").getBytes(StandardCharsets.US_ASCII));
            line.writeBytes(value);
            headers.add(line.toByteArray());
            return this;
        }

        Request body(byte[] bytes) {
            body = bytes;
            return this;
        }

        /** Sends the body chunked instead of with a Content-Length. */
        Request chunked() {
            contentLength = false;
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
            out.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(target);
            out.writeBytes(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
            for (byte[] header : headers) {
                out.writeBytes(header);
                out.writeBytes(new byte[] {'\r', '\n'});
            }
            if (contentLength) {
                if (body.length > 0 || !method.equals("GET")) {
                    out.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.writeBytes(new byte[] {'\r', '\n'});
                }
                out.writeBytes(body);
            } else {
                out.writeBytes("Transfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int from = 0; from < body.length; from += 8192) {
                    int n = Math.min(8192, body.length - from);
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, from, n);
                    out.writeBytes(new byte[] {'\r', '\n'});
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            return out.toByteArray();
        }
    }

    /** Status, headers (names lower-cased, first value of each) and the body as UTF-8 (the raw JSON bytes of v1). */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends the request and reads the response up to the end of the connection. The request is written from another
     * thread, so a server that answers before it has read a large body (and then closes) is still heard.
     */
    static Response exchange(int port, Request request) throws IOException, InterruptedException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            byte[] bytes = request.bytes();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException closedEarly) {
                    // the server answered and closed before taking all of it; the answer is what counts
                }
            }, "raw-http-writer");
            writer.start();
            byte[] received = readAll(socket.getInputStream());
            writer.join(30_000);
            return parse(received);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            if (out.size() == 0) {
                throw reset;
            }
            // a reset after the response arrived (the server closed with our body unread)
        }
        return out.toByteArray();
    }

    private static Response parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headEnd < 0) {
            throw new IOException("not an HTTP/1.x response: " + text.substring(0, Math.min(200, text.length())));
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            body = java.util.Arrays.copyOf(body, Math.min(body.length, Integer.parseInt(headers.get("content-length"))));
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
