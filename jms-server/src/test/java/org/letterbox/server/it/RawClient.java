package org.letterbox.server.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.FrameDecoder;
import org.letterbox.protocol.FrameEncoder;
import org.letterbox.protocol.Frames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * A client that speaks the wire protocol frame by frame over a plain socket, to send the broker exactly what a
 * test wants (including what a real client never would) and to stop reading when the test says so.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(Integer.MAX_VALUE));
    private final byte[] buffer = new byte[64 * 1024];

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    public static RawClient connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        return new RawClient(socket);
    }

    /** Says HELLO (no credentials; the broker heartbeats every {@code heartbeatMillis}, 0 = never). */
    public Frames.HelloOk hello(int heartbeatMillis) throws IOException {
        Frame reply = exchange(new Frames.Hello(1, Frames.MAGIC, Frames.VERSION, null, null, heartbeatMillis));
        if (!(reply instanceof Frames.HelloOk ok)) {
            throw new IOException("HELLO answered with " + reply);
        }
        return ok;
    }

    public static byte[] encode(Frame frame) {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        channel.writeOutbound(frame);
        ByteBuf bytes = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(bytes);
        } finally {
            bytes.release();
        }
    }

    public void send(Frame frame) throws IOException {
        write(encode(frame));
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a request and returns the first frame back that is not a heartbeat or a delivery. */
    public Frame exchange(Frame request) throws IOException {
        send(request);
        while (true) {
            Frame reply = read(10_000);
            if (reply == null) {
                throw new IOException("no reply to " + request + " within 10 s");
            }
            if (!(reply instanceof Frames.Heartbeat) && !(reply instanceof Frames.Deliver)
                    && !(reply instanceof Frames.FlowControl)) {
                return reply;
            }
        }
    }

    /** The next frame, or null if none came within {@code timeoutMillis}; throws when the broker closed. */
    public Frame read(int timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Frame frame = decoder.readInbound();
            if (frame != null) {
                return frame;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (n < 0) {
                throw new IOException("the broker closed the connection");
            }
            decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
        }
    }

    /** Reads (and drops) whatever comes until the broker closes the socket; false if it is still open after the wait. */
    public boolean closedByBrokerWithin(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the broker
            }
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
