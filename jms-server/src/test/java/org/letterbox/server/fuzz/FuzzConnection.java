package org.letterbox.server.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.letterbox.protocol.Frames;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * One raw TCP connection to the broker that writes whatever bytes a scenario makes. Unless it is told not to read
 * (a client that stops reading), a daemon thread reads and decodes every frame the broker sends back into
 * {@link BrokerReplies}. A write blocked on a broker that no longer reads is ended by {@link #close()}, which the
 * driver calls from another thread at the connection's deadline.
 */
final class FuzzConnection implements AutoCloseable {
    /** The broker never sends a frame larger than this in the fuzz test (it runs with a 1 MiB max frame size). */
    private static final int LARGEST_REPLY = 64 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final BrokerReplies replies = new BrokerReplies();
    private long bytesSent;

    private FuzzConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    static FuzzConnection open(InetSocketAddress broker, boolean reads) throws IOException {
        Socket socket = new Socket();
        if (!reads) {
            socket.setReceiveBufferSize(4096); // so the broker's output backs up at the broker, not in this kernel
        }
        socket.setTcpNoDelay(true);
        socket.connect(broker, 5000);
        FuzzConnection connection = new FuzzConnection(socket);
        if (reads) {
            Thread reader = new Thread(connection::readAll, "fuzz-reader-" + socket.getLocalPort());
            reader.setDaemon(true);
            reader.start();
        }
        return connection;
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        bytesSent += bytes.length;
    }

    /** Writes in random pieces (each flushed), so the broker sees frames split across reads. */
    void sendInPieces(byte[] bytes, FuzzRandom random) throws IOException {
        int at = 0;
        while (at < bytes.length) {
            int piece = Math.min(bytes.length - at, random.between(1, 64));
            send(Arrays.copyOfRange(bytes, at, at + piece));
            at += piece;
        }
    }

    long bytesSent() {
        return bytesSent;
    }

    BrokerReplies replies() {
        return replies;
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void readAll() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int length = in.readInt();
                if (length < WireBytes.HEADER_BYTES || length > LARGEST_REPLY) {
                    replies.undecodable("a frame length of " + length);
                    return;
                }
                byte[] frame = new byte[length];
                in.readFully(frame);
                ByteBuf body = Unpooled.wrappedBuffer(frame, WireBytes.HEADER_BYTES, length - WireBytes.HEADER_BYTES);
                int requestId = ((frame[1] & 0xff) << 24) | ((frame[2] & 0xff) << 16) | ((frame[3] & 0xff) << 8) | (frame[4] & 0xff);
                try {
                    replies.received(Frames.decode(frame[0], requestId, body));
                } catch (RuntimeException e) {
                    replies.undecodable("frame type " + frame[0] + ": " + e);
                }
            }
        } catch (EOFException e) {
            replies.closedByBroker();
        } catch (IOException e) {
            if (!socket.isClosed()) {
                replies.closedByBroker(); // reset by the broker
            }
        }
    }
}
