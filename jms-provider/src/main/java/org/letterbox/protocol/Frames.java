package org.letterbox.protocol;

import io.netty.buffer.ByteBuf;

import java.util.List;

import static org.letterbox.protocol.Wire.*;

/**
 * Every frame of the protocol, as small immutable records. The semantics, in one place:
 *
 * <ul>
 * <li>The first frame on a connection is {@link Hello}; the broker answers {@link HelloOk} or an
 * {@link Error} ({@code SECURITY}) and closes. Any other frame before it is a protocol error.</li>
 * <li>A connection starts stopped: the broker pushes nothing to its consumers until {@link Start}, and
 * stops pushing after {@link Stop} (what was already sent stays in the client's buffers).</li>
 * <li>Sessions and consumers are numbered by the client ({@code sessionId}, {@code consumerId}),
 * unique within the connection.</li>
 * <li>Requests and one-way frames: a frame with {@code requestId != 0} is a request, answered by exactly
 * one reply carrying the same id ({@link Ok}, a specific reply, or {@link Error}). Replies are correlated by id,
 * not by order: a persistent {@link Send} is answered only once stored, possibly after later requests. A frame
 * with {@code requestId 0} is one-way (a non-persistent send, an ack, credit) and gets no answer when it
 * succeeds.</li>
 * <li>An {@link Error} with {@code requestId 0} is the refusal of a one-way frame (e.g. a send to a destination
 * that may not be created): the client logs it and the connection stays usable. Only the code
 * {@link ErrorCode#PROTOCOL} is fatal: the broker closes the connection after it (a bad handshake, a
 * malformed frame), and the client fails every pending request.</li>
 * <li>The broker pushes {@link Deliver} frames to a consumer only while it has credit: it starts with
 * the window given in {@link CreateConsumer} and the client returns credit with {@link Credit} as the
 * application consumes. Window 0 means pure pull: one message per {@link Pull}.</li>
 * <li>Credit is counted in messages and (unless {@code windowBytes} is 0, meaning no byte limit) in bytes of
 * the encoded message. The broker sends while the consumer has at least one message of credit and its byte
 * credit is above 0; it does not look at the size of the next message, so the last one sent may overshoot the
 * byte window (byte credit goes negative until returned). A message larger than the whole window is thus
 * still delivered, alone.</li>
 * <li>Each delivery gets a {@code tag} unique and increasing within its session. Acks, commits,
 * rollbacks and recovers name tags. A rollback/recover returns <em>every</em> unacknowledged delivery of
 * the session to its queue; the ones listed as consumed are flagged redelivered (delivery count + 1).
 * The client discards deliveries that arrive between sending a rollback/recover and its reply: the
 * broker writes frames to a connection in order, so all of those were returned.</li>
 * <li>Sends in a transacted session are held by the broker until {@link Commit}. The client sends them as
 * pipelined requests (with a {@code requestId}, without waiting for each reply). The broker answers a held send
 * at once, so the replies to one session's transacted sends come in send order: before committing, the client
 * waits for the reply to the transaction's last send, and if any send of the transaction was refused it rolls
 * the transaction back instead (the application gets TransactionRolledBackException from commit).</li>
 * <li>XA: a session created with ack mode {@link #XA_SESSION} acknowledges and routes like AUTO_ACKNOWLEDGE
 * (the client acks each consumed delivery) except while it is associated with a transaction branch, between
 * {@link XaStart} and {@link XaEnd}: then its sends are held as in a transacted session, and {@link XaEnd} moves
 * them, with the deliveries it names as consumed, from the session into the branch. Branches are broker-wide,
 * keyed by XID (format id, global transaction id, branch qualifier, each part at most 64 bytes): {@link XaPrepare},
 * {@link XaCommit}, {@link XaRollback}, {@link XaRecover} and {@link XaForget} may come from any connection.
 * A prepared branch is journaled (its sends with the queues they go to, the settles of its consumed deliveries,
 * and a prepare record with the XID) before {@code XA_OK} is answered; until commit or rollback its messages are
 * invisible and its consumed deliveries neither redelivered nor acknowledged, across broker restarts too. A branch
 * not yet prepared is rolled back when the connection that started it closes or is lost. Every XA request is
 * answered by {@link XaResult} (or {@link XaRecovered} for a successful {@link XaRecover}): the code is
 * {@code XAResource.XA_OK}/{@code XA_RDONLY}, or an {@code XAException} error code ({@code XAER_NOTA},
 * {@code XAER_PROTO}, {@code XA_RBROLLBACK}, ...) that the client throws as {@code new XAException(code)}. The
 * exact rules are on each frame.</li>
 * <li>Liveness: the client's {@link Hello} says how often it wants to hear from the broker, the broker's {@link HelloOk}
 * after how long a silent client is closed (its time-to-live). Each side writes a {@link Heartbeat} when it has
 * written nothing else for its interval, and gives up a connection on which it heard nothing for its time-to-live. The
 * broker closes a connection that has not completed its HELLO within its handshake timeout; until then it accepts
 * only small frames (a HELLO), afterwards frames up to {@code HelloOk.maxFrameSize}.</li>
 * <li>Flow control: {@link FlowControl} tells the client to hold back its sends to a destination (or to all) and
 * when to go on; the broker answers the sends it already read as usual. What a client may have sent and the broker
 * not yet taken off the wire is bounded by its send window, which {@link SendCredit} frames give back.</li>
 * <li>{@link HelloOk} carries the broker's node id: the identity of its store (kept in the data directory by a
 * persistent store, so it survives restarts). Two XA resources belong to the same resource manager iff their
 * node ids are equal.</li>
 * </ul>
 */
public final class Frames {
    private Frames() {
    }

    public static final int MAGIC = 0x4C424F58; // "LBOX"
    public static final short VERSION = 3; // 2: XA frames, node id in HelloOk; 3: heartbeats, flow control

    /** The ack mode of a {@link CreateSession} for an XA session (beyond the four {@code jakarta.jms.Session} modes). */
    public static final int XA_SESSION = 16;

    // ---------------------------------------------------------------- client -> broker

    /**
     * Opens a connection. user/password may be null (anonymous). {@code heartbeatMillis} asks the broker to write
     * something (a {@link Heartbeat} when it has nothing else) at least that often, so the client can tell a silent
     * broker from an idle one; 0 asks for none.
     */
    public record Hello(int requestId, int magic, short version, String user, String password, int heartbeatMillis)
            implements Frame {
        public byte type() { return FrameType.HELLO; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(magic);
            out.writeShort(version);
            writeString(out, user);
            writeString(out, password);
            out.writeInt(heartbeatMillis);
        }

        static Hello decode(int requestId, ByteBuf in) {
            int magic = in.readInt();
            short version = in.readShort();
            String user = readString(in);
            String password = readString(in);
            // a HELLO of version 2 ends here: it is read, so that the broker refuses its version, not its frame
            int heartbeat = version < 3 && !in.isReadable() ? 0 : in.readInt();
            return new Hello(requestId, magic, version, user, password, heartbeat);
        }
    }

    /**
     * Keeps an idle connection alive, either way (one-way, requestId 0, no answer). Each side closes a connection on
     * which it heard nothing for its time-to-live, so an idle peer sends this often enough.
     */
    public record Heartbeat(int requestId) implements Frame {
        public static final Heartbeat INSTANCE = new Heartbeat(0);

        public byte type() { return FrameType.HEARTBEAT; }

        public void encodeBody(ByteBuf out) {
        }
    }

    /** Claims a client ID for this connection; INVALID_CLIENT_ID if another connection holds it. */
    public record SetClientId(int requestId, String clientId) implements Frame {
        public byte type() { return FrameType.SET_CLIENT_ID; }

        public void encodeBody(ByteBuf out) {
            writeString(out, clientId);
        }

        static SetClientId decode(int requestId, ByteBuf in) {
            return new SetClientId(requestId, readString(in));
        }
    }

    /** ackMode is a {@code jakarta.jms.Session} constant (SESSION_TRANSACTED = 0 ... DUPS_OK = 3) or {@link #XA_SESSION}. */
    public record CreateSession(int requestId, int sessionId, int ackMode) implements Frame {
        public byte type() { return FrameType.CREATE_SESSION; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            out.writeInt(ackMode);
        }

        static CreateSession decode(int requestId, ByteBuf in) {
            return new CreateSession(requestId, in.readInt(), in.readInt());
        }
    }

    /**
     * Closes a session: its consumers are closed, uncommitted sends dropped, and every unacknowledged
     * delivery returned; those listed in {@code consumedTags} are flagged redelivered.
     */
    public record CloseSession(int requestId, int sessionId, long[] consumedTags) implements Frame {
        public byte type() { return FrameType.CLOSE_SESSION; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            writeLongs(out, consumedTags);
        }

        static CloseSession decode(int requestId, ByteBuf in) {
            return new CloseSession(requestId, in.readInt(), readLongs(in));
        }
    }

    /**
     * Creates a consumer. For a topic: {@code subscriptionName} null = a private non-durable subscription;
     * otherwise durable and/or shared as flagged (unshared durable needs the connection's client ID).
     * A consumer on a queue ignores noLocal/subscription fields. {@code browseOnly} is unused (reserved).
     */
    public record CreateConsumer(int requestId, int sessionId, long consumerId, DestinationRef destination,
                                 String selector, boolean noLocal, String subscriptionName, boolean durable,
                                 boolean shared, int windowMessages, int windowBytes) implements Frame {
        public byte type() { return FrameType.CREATE_CONSUMER; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            out.writeLong(consumerId);
            writeDestination(out, destination);
            writeString(out, selector);
            out.writeBoolean(noLocal);
            writeString(out, subscriptionName);
            out.writeBoolean(durable);
            out.writeBoolean(shared);
            out.writeInt(windowMessages);
            out.writeInt(windowBytes);
        }

        static CreateConsumer decode(int requestId, ByteBuf in) {
            return new CreateConsumer(requestId, in.readInt(), in.readLong(), readDestination(in), readString(in),
                    in.readBoolean(), readString(in), in.readBoolean(), in.readBoolean(), in.readInt(), in.readInt());
        }
    }

    /**
     * Closes a consumer. Its deliveries with a tag above {@code lastConsumedTag} were never handed to the
     * application and go back to the queue unflagged; consumed ones stay pending on the session
     * (to be acked, committed or rolled back with it).
     */
    public record CloseConsumer(int requestId, long consumerId, long lastConsumedTag) implements Frame {
        public byte type() { return FrameType.CLOSE_CONSUMER; }

        public void encodeBody(ByteBuf out) {
            out.writeLong(consumerId);
            out.writeLong(lastConsumedTag);
        }

        static CloseConsumer decode(int requestId, ByteBuf in) {
            return new CloseConsumer(requestId, in.readLong(), in.readLong());
        }
    }

    /** Returns credit to a consumer's window (one-way). */
    public record Credit(int requestId, long consumerId, int messages, int bytes) implements Frame {
        public byte type() { return FrameType.CREDIT; }

        public void encodeBody(ByteBuf out) {
            out.writeLong(consumerId);
            out.writeInt(messages);
            out.writeInt(bytes);
        }

        static Credit decode(int requestId, ByteBuf in) {
            return new Credit(requestId, in.readLong(), in.readInt(), in.readInt());
        }
    }

    /**
     * Asks for one message for a window-0 consumer. The broker delivers it (a {@link Deliver} written
     * before the reply) as soon as one is available within {@code timeoutMillis} (-1 = until the consumer
     * closes, 0 = only if one is available now), then answers {@link PullDone}.
     */
    public record Pull(int requestId, long consumerId, long timeoutMillis) implements Frame {
        public byte type() { return FrameType.PULL; }

        public void encodeBody(ByteBuf out) {
            out.writeLong(consumerId);
            out.writeLong(timeoutMillis);
        }

        static Pull decode(int requestId, ByteBuf in) {
            return new Pull(requestId, in.readLong(), in.readLong());
        }
    }

    /**
     * Sends an encoded message (see {@code org.letterbox.jms.message.MessageCodec}) to a destination.
     * With requestId != 0 the broker answers once the message is accepted (stored, for persistent ones).
     * In a transacted session the message is held until commit.
     */
    public record Send(int requestId, int sessionId, DestinationRef destination, byte[] message) implements Frame {
        public byte type() { return FrameType.SEND; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            writeDestination(out, destination);
            writeBytes(out, message);
        }

        static Send decode(int requestId, ByteBuf in) {
            return new Send(requestId, in.readInt(), readDestination(in), readBytes(in));
        }
    }

    /** Acknowledges the listed deliveries of a session (non-transacted sessions). */
    public record Ack(int requestId, int sessionId, long[] tags) implements Frame {
        public byte type() { return FrameType.ACK; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            writeLongs(out, tags);
        }

        static Ack decode(int requestId, ByteBuf in) {
            return new Ack(requestId, in.readInt(), readLongs(in));
        }
    }

    /** Commits a transacted session: its held sends are routed and the listed deliveries acknowledged, atomically. */
    public record Commit(int requestId, int sessionId, long[] consumedTags) implements Frame {
        public byte type() { return FrameType.COMMIT; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            writeLongs(out, consumedTags);
        }

        static Commit decode(int requestId, ByteBuf in) {
            return new Commit(requestId, in.readInt(), readLongs(in));
        }
    }

    /** Rolls back a transacted session: held sends are dropped, all unacked deliveries returned (see class doc). */
    public record Rollback(int requestId, int sessionId, long[] consumedTags) implements Frame {
        public byte type() { return FrameType.ROLLBACK; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            writeLongs(out, consumedTags);
        }

        static Rollback decode(int requestId, ByteBuf in) {
            return new Rollback(requestId, in.readInt(), readLongs(in));
        }
    }

    /** Session.recover(): every unacked delivery of the session is returned; consumed ones flagged. */
    public record Recover(int requestId, int sessionId, long[] consumedTags) implements Frame {
        public byte type() { return FrameType.RECOVER; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            writeLongs(out, consumedTags);
        }

        static Recover decode(int requestId, ByteBuf in) {
            return new Recover(requestId, in.readInt(), readLongs(in));
        }
    }

    /** Creates a temporary destination owned by this connection (deleted when it closes). */
    public record CreateTempDestination(int requestId, DestinationRef destination) implements Frame {
        public byte type() { return FrameType.CREATE_TEMP_DESTINATION; }

        public void encodeBody(ByteBuf out) {
            writeDestination(out, destination);
        }

        static CreateTempDestination decode(int requestId, ByteBuf in) {
            return new CreateTempDestination(requestId, readDestination(in));
        }
    }

    /** Deletes a temporary destination; ILLEGAL_STATE while it still has consumers. */
    public record DeleteTempDestination(int requestId, DestinationRef destination) implements Frame {
        public byte type() { return FrameType.DELETE_TEMP_DESTINATION; }

        public void encodeBody(ByteBuf out) {
            writeDestination(out, destination);
        }

        static DeleteTempDestination decode(int requestId, ByteBuf in) {
            return new DeleteTempDestination(requestId, readDestination(in));
        }
    }

    /** Checks that a destination exists or may be auto-created; INVALID_DESTINATION if not. */
    public record CheckDestination(int requestId, DestinationRef destination) implements Frame {
        public byte type() { return FrameType.CHECK_DESTINATION; }

        public void encodeBody(ByteBuf out) {
            writeDestination(out, destination);
        }

        static CheckDestination decode(int requestId, ByteBuf in) {
            return new CheckDestination(requestId, readDestination(in));
        }
    }

    /**
     * Deletes a durable subscription of this connection's client ID (or a client-ID-less one by name).
     * INVALID_DESTINATION if none exists; ILLEGAL_STATE while it has an active consumer.
     */
    public record Unsubscribe(int requestId, String subscriptionName) implements Frame {
        public byte type() { return FrameType.UNSUBSCRIBE; }

        public void encodeBody(ByteBuf out) {
            writeString(out, subscriptionName);
        }

        static Unsubscribe decode(int requestId, ByteBuf in) {
            return new Unsubscribe(requestId, readString(in));
        }
    }

    /**
     * Takes a snapshot of the messages waiting on a queue that match the selector: those in the broker's memory now,
     * then those paged out to its journal, which the broker reads and matches only as {@link BrowseNext} reaches them
     * (skipping any that left the queue meanwhile).
     */
    public record BrowseOpen(int requestId, long browserId, DestinationRef destination, String selector) implements Frame {
        public byte type() { return FrameType.BROWSE_OPEN; }

        public void encodeBody(ByteBuf out) {
            out.writeLong(browserId);
            writeDestination(out, destination);
            writeString(out, selector);
        }

        static BrowseOpen decode(int requestId, ByteBuf in) {
            return new BrowseOpen(requestId, in.readLong(), readDestination(in), readString(in));
        }
    }

    /** Fetches up to maxMessages of a browser's snapshot; answered with {@link BrowseBatch}. */
    public record BrowseNext(int requestId, long browserId, int maxMessages) implements Frame {
        public byte type() { return FrameType.BROWSE_NEXT; }

        public void encodeBody(ByteBuf out) {
            out.writeLong(browserId);
            out.writeInt(maxMessages);
        }

        static BrowseNext decode(int requestId, ByteBuf in) {
            return new BrowseNext(requestId, in.readLong(), in.readInt());
        }
    }

    public record BrowseClose(int requestId, long browserId) implements Frame {
        public byte type() { return FrameType.BROWSE_CLOSE; }

        public void encodeBody(ByteBuf out) {
            out.writeLong(browserId);
        }

        static BrowseClose decode(int requestId, ByteBuf in) {
            return new BrowseClose(requestId, in.readLong());
        }
    }

    /** Connection.start(): the broker may push to this connection's consumers from now on. */
    public record Start(int requestId) implements Frame {
        public byte type() { return FrameType.START; }

        public void encodeBody(ByteBuf out) {
        }
    }

    /** Connection.stop(): the broker pushes nothing more to this connection's consumers until Start. */
    public record Stop(int requestId) implements Frame {
        public byte type() { return FrameType.STOP; }

        public void encodeBody(ByteBuf out) {
        }
    }

    /** Closes the connection cleanly: like closing each session, then the broker answers and closes. */
    public record CloseConnection(int requestId) implements Frame {
        public byte type() { return FrameType.CLOSE_CONNECTION; }

        public void encodeBody(ByteBuf out) {
        }
    }

    // ---------------------------------------------------------------- XA (client -> broker)

    /**
     * Associates an XA session with a branch. flags: {@code TMNOFLAGS} starts a new branch ({@code XAER_DUPID} if the
     * XID exists); {@code TMJOIN} joins and {@code TMRESUME} resumes an existing one ({@code XAER_NOTA} if unknown,
     * {@code XAER_PROTO} if it is prepared, or for TMRESUME not suspended); other flags {@code XAER_INVAL}; a session
     * already associated {@code XAER_PROTO}. {@code timeoutSeconds} &gt; 0 rolls the branch back if it is not prepared
     * within that time (later requests for it get {@code XA_RBTIMEOUT}); 0 = no timeout.
     */
    public record XaStart(int requestId, int sessionId, WireXid xid, int flags, int timeoutSeconds) implements Frame {
        public byte type() { return FrameType.XA_START; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            writeXid(out, xid);
            out.writeInt(flags);
            out.writeInt(timeoutSeconds);
        }

        static XaStart decode(int requestId, ByteBuf in) {
            return new XaStart(requestId, in.readInt(), readXid(in), in.readInt(), in.readInt());
        }
    }

    /**
     * Ends a session's association with a branch ({@code TMSUCCESS}, {@code TMFAIL}: rollback-only, {@code TMSUSPEND}:
     * to be resumed). The session's held sends and the deliveries in {@code consumedTags} move into the branch.
     * {@code XAER_NOTA} for an unknown XID, {@code XAER_PROTO} if the session is not associated with it.
     */
    public record XaEnd(int requestId, int sessionId, WireXid xid, int flags, long[] consumedTags) implements Frame {
        public byte type() { return FrameType.XA_END; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(sessionId);
            writeXid(out, xid);
            out.writeInt(flags);
            writeLongs(out, consumedTags);
        }

        static XaEnd decode(int requestId, ByteBuf in) {
            return new XaEnd(requestId, in.readInt(), readXid(in), in.readInt(), readLongs(in));
        }
    }

    /**
     * Prepares an ended branch: {@code XA_OK} once journaled and durable; {@code XA_RDONLY} (and forgotten) if it did
     * nothing; {@code XA_RBROLLBACK} (rolled back) if rollback-only; {@code XAER_PROTO} while a session is
     * associated or suspended, or if already prepared.
     */
    public record XaPrepare(int requestId, WireXid xid) implements Frame {
        public byte type() { return FrameType.XA_PREPARE; }

        public void encodeBody(ByteBuf out) {
            writeXid(out, xid);
        }

        static XaPrepare decode(int requestId, ByteBuf in) {
            return new XaPrepare(requestId, readXid(in));
        }
    }

    /**
     * Commits a branch. onePhase: an ended, unprepared branch is committed like a local transaction
     * ({@code XA_RBROLLBACK} if rollback-only). Two-phase: the branch must be prepared ({@code XAER_PROTO} if not);
     * its commit marker is journaled, its messages become visible and its consumed deliveries are settled; answered
     * once durable.
     */
    public record XaCommit(int requestId, WireXid xid, boolean onePhase) implements Frame {
        public byte type() { return FrameType.XA_COMMIT; }

        public void encodeBody(ByteBuf out) {
            writeXid(out, xid);
            out.writeBoolean(onePhase);
        }

        static XaCommit decode(int requestId, ByteBuf in) {
            return new XaCommit(requestId, readXid(in), in.readBoolean());
        }
    }

    /**
     * Rolls a branch back: its sends are dropped, its consumed deliveries return to their queues flagged redelivered;
     * a prepared branch gets a rollback record. {@code XAER_PROTO} while a session is associated with it.
     */
    public record XaRollback(int requestId, WireXid xid) implements Frame {
        public byte type() { return FrameType.XA_ROLLBACK; }

        public void encodeBody(ByteBuf out) {
            writeXid(out, xid);
        }

        static XaRollback decode(int requestId, ByteBuf in) {
            return new XaRollback(requestId, readXid(in));
        }
    }

    /**
     * Lists the prepared branches ({@link XaRecovered}): all with {@code TMSTARTRSCAN} (alone or with
     * {@code TMENDRSCAN}), none with {@code TMNOFLAGS} or {@code TMENDRSCAN} alone (one scan returns everything);
     * other flags {@code XAER_INVAL}.
     */
    public record XaRecover(int requestId, int flags) implements Frame {
        public byte type() { return FrameType.XA_RECOVER; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(flags);
        }

        static XaRecover decode(int requestId, ByteBuf in) {
            return new XaRecover(requestId, in.readInt());
        }
    }

    /** Letterbox never completes a branch heuristically: {@code XAER_PROTO} for a known XID, {@code XAER_NOTA} otherwise. */
    public record XaForget(int requestId, WireXid xid) implements Frame {
        public byte type() { return FrameType.XA_FORGET; }

        public void encodeBody(ByteBuf out) {
            writeXid(out, xid);
        }

        static XaForget decode(int requestId, ByteBuf in) {
            return new XaForget(requestId, readXid(in));
        }
    }

    // ---------------------------------------------------------------- broker -> client

    public record Ok(int requestId) implements Frame {
        public byte type() { return FrameType.OK; }

        public void encodeBody(ByteBuf out) {
        }
    }

    /**
     * A failed request (requestId != 0), or with requestId 0 the refusal of a one-way frame; only
     * {@link ErrorCode#PROTOCOL} is fatal to the connection (see the class doc).
     */
    public record Error(int requestId, ErrorCode code, String message) implements Frame {
        public byte type() { return FrameType.ERROR; }

        public void encodeBody(ByteBuf out) {
            out.writeByte(code.ordinal());
            writeString(out, message);
        }

        static Error decode(int requestId, ByteBuf in) {
            return new Error(requestId, ErrorCode.of(in.readByte()), readString(in));
        }
    }

    /**
     * connectionId is broker-unique; it prefixes temporary destination names and message IDs. nodeId identifies the
     * broker's store across restarts (XA {@code isSameRM}). {@code connectionTtlMillis}: the broker closes the
     * connection when it hears nothing from the client for that long (0 = never), so an idle client sends a
     * {@link Heartbeat} well within it. {@code sendWindowBytes}: the bytes of messages the client may have sent
     * before the broker has credited them back ({@link SendCredit}).
     */
    public record HelloOk(int requestId, String connectionId, String brokerVersion, int maxFrameSize, String nodeId,
                          int connectionTtlMillis, int sendWindowBytes)
            implements Frame {
        public byte type() { return FrameType.HELLO_OK; }

        public void encodeBody(ByteBuf out) {
            writeString(out, connectionId);
            writeString(out, brokerVersion);
            out.writeInt(maxFrameSize);
            writeString(out, nodeId);
            out.writeInt(connectionTtlMillis);
            out.writeInt(sendWindowBytes);
        }

        static HelloOk decode(int requestId, ByteBuf in) {
            return new HelloOk(requestId, readString(in), readString(in), in.readInt(), readString(in), in.readInt(),
                    in.readInt());
        }
    }

    /**
     * Returns send window to the client (one-way, requestId 0): the broker has taken {@code bytes} of the messages in
     * its {@link Send} frames off the wire (handled them, whatever the outcome). A client keeps the bytes of the
     * messages it has sent and not had credited back within {@code HelloOk.sendWindowBytes} (one message of any size
     * may always go when nothing is outstanding), so however fast it sends, what it has in flight is bounded, and a
     * {@link FlowControl} notice stops it within that much.
     */
    public record SendCredit(int requestId, int bytes) implements Frame {
        public byte type() { return FrameType.SEND_CREDIT; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(bytes);
        }

        static SendCredit decode(int requestId, ByteBuf in) {
            return new SendCredit(requestId, in.readInt());
        }
    }

    /**
     * Flow control (one-way, requestId 0): sends to {@code destination} (null: to every destination) should wait
     * ({@code blocked}) or may go on again. The broker blocks a destination when a send filled one of its queues
     * beyond its memory limit (for messages it cannot page to disk), or every destination when the broker's memory
     * budget is spent; it resumes it once consumers have drained it below three quarters of the limit. The send that
     * caused it was accepted and is answered as usual. A client that goes on sending regardless is no longer read
     * until the destination resumes.
     */
    public record FlowControl(int requestId, DestinationRef destination, boolean blocked) implements Frame {
        public byte type() { return FrameType.FLOW_CONTROL; }

        public void encodeBody(ByteBuf out) {
            writeDestination(out, destination);
            out.writeBoolean(blocked);
        }

        static FlowControl decode(int requestId, ByteBuf in) {
            return new FlowControl(requestId, readDestination(in), in.readBoolean());
        }
    }

    /** A message pushed to a consumer. deliveryCount is 1 on first delivery; > 1 means redelivered. */
    public record Deliver(int requestId, long consumerId, long tag, int deliveryCount, byte[] message) implements Frame {
        public byte type() { return FrameType.DELIVER; }

        public void encodeBody(ByteBuf out) {
            out.writeLong(consumerId);
            out.writeLong(tag);
            out.writeInt(deliveryCount);
            writeBytes(out, message);
        }

        static Deliver decode(int requestId, ByteBuf in) {
            return new Deliver(requestId, in.readLong(), in.readLong(), in.readInt(), readBytes(in));
        }
    }

    /** Reply to {@link Pull}: whether a message was delivered (its Deliver frame came first). */
    public record PullDone(int requestId, boolean delivered) implements Frame {
        public byte type() { return FrameType.PULL_DONE; }

        public void encodeBody(ByteBuf out) {
            out.writeBoolean(delivered);
        }

        static PullDone decode(int requestId, ByteBuf in) {
            return new PullDone(requestId, in.readBoolean());
        }
    }

    /**
     * Reply to {@link BrowseNext}: encoded messages in queue order; {@code last} when the snapshot is exhausted (the
     * broker then drops the browser: a later BrowseClose for it is a no-op). A batch may be empty without being last
     * (the broker bounds the paged messages it reads per batch): ask again.
     */
    public record BrowseBatch(int requestId, List<byte[]> messages, boolean last) implements Frame {
        public byte type() { return FrameType.BROWSE_BATCH; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(messages.size());
            for (byte[] m : messages) {
                writeBytes(out, m);
            }
            out.writeBoolean(last);
        }

        static BrowseBatch decode(int requestId, ByteBuf in) {
            int count = in.readInt();
            if (count < 0 || count > in.readableBytes() / 4) {
                throw new ProtocolException("bad message count " + count);
            }
            List<byte[]> messages = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                messages.add(readBytes(in));
            }
            return new BrowseBatch(requestId, messages, in.readBoolean());
        }
    }

    /**
     * The answer to an XA request: {@code XAResource.XA_OK} (0) or {@code XA_RDONLY} (3) on success, otherwise an
     * {@code XAException} error code with the broker's explanation.
     */
    public record XaResult(int requestId, int code, String message) implements Frame {
        public byte type() { return FrameType.XA_RESULT; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(code);
            writeString(out, message);
        }

        static XaResult decode(int requestId, ByteBuf in) {
            return new XaResult(requestId, in.readInt(), readString(in));
        }
    }

    /** Reply to {@link XaRecover}: the XIDs of the prepared branches. */
    public record XaRecovered(int requestId, List<WireXid> xids) implements Frame {
        public byte type() { return FrameType.XA_RECOVERED; }

        public void encodeBody(ByteBuf out) {
            out.writeInt(xids.size());
            for (WireXid xid : xids) {
                writeXid(out, xid);
            }
        }

        static XaRecovered decode(int requestId, ByteBuf in) {
            int count = in.readInt();
            if (count < 0 || count > in.readableBytes() / 12) {
                throw new ProtocolException("bad xid count " + count);
            }
            List<WireXid> xids = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                WireXid xid = readXid(in);
                if (xid == null) {
                    throw new ProtocolException("null xid in a recover reply");
                }
                xids.add(xid);
            }
            return new XaRecovered(requestId, xids);
        }
    }

    /** Decodes one frame body; {@code in} holds exactly the bytes after the request id. */
    public static Frame decode(byte type, int requestId, ByteBuf in) {
        Frame frame = switch (type) {
            case FrameType.HELLO -> Hello.decode(requestId, in);
            case FrameType.SET_CLIENT_ID -> SetClientId.decode(requestId, in);
            case FrameType.CREATE_SESSION -> CreateSession.decode(requestId, in);
            case FrameType.CLOSE_SESSION -> CloseSession.decode(requestId, in);
            case FrameType.CREATE_CONSUMER -> CreateConsumer.decode(requestId, in);
            case FrameType.CLOSE_CONSUMER -> CloseConsumer.decode(requestId, in);
            case FrameType.CREDIT -> Credit.decode(requestId, in);
            case FrameType.PULL -> Pull.decode(requestId, in);
            case FrameType.SEND -> Send.decode(requestId, in);
            case FrameType.ACK -> Ack.decode(requestId, in);
            case FrameType.COMMIT -> Commit.decode(requestId, in);
            case FrameType.ROLLBACK -> Rollback.decode(requestId, in);
            case FrameType.RECOVER -> Recover.decode(requestId, in);
            case FrameType.CREATE_TEMP_DESTINATION -> CreateTempDestination.decode(requestId, in);
            case FrameType.DELETE_TEMP_DESTINATION -> DeleteTempDestination.decode(requestId, in);
            case FrameType.CHECK_DESTINATION -> CheckDestination.decode(requestId, in);
            case FrameType.UNSUBSCRIBE -> Unsubscribe.decode(requestId, in);
            case FrameType.BROWSE_OPEN -> BrowseOpen.decode(requestId, in);
            case FrameType.BROWSE_NEXT -> BrowseNext.decode(requestId, in);
            case FrameType.BROWSE_CLOSE -> BrowseClose.decode(requestId, in);
            case FrameType.CLOSE_CONNECTION -> new CloseConnection(requestId);
            case FrameType.HEARTBEAT -> requestId == 0 ? Heartbeat.INSTANCE : new Heartbeat(requestId);
            case FrameType.FLOW_CONTROL -> FlowControl.decode(requestId, in);
            case FrameType.SEND_CREDIT -> SendCredit.decode(requestId, in);
            case FrameType.START -> new Start(requestId);
            case FrameType.STOP -> new Stop(requestId);
            case FrameType.OK -> new Ok(requestId);
            case FrameType.ERROR -> Error.decode(requestId, in);
            case FrameType.HELLO_OK -> HelloOk.decode(requestId, in);
            case FrameType.DELIVER -> Deliver.decode(requestId, in);
            case FrameType.PULL_DONE -> PullDone.decode(requestId, in);
            case FrameType.BROWSE_BATCH -> BrowseBatch.decode(requestId, in);
            case FrameType.XA_START -> XaStart.decode(requestId, in);
            case FrameType.XA_END -> XaEnd.decode(requestId, in);
            case FrameType.XA_PREPARE -> XaPrepare.decode(requestId, in);
            case FrameType.XA_COMMIT -> XaCommit.decode(requestId, in);
            case FrameType.XA_ROLLBACK -> XaRollback.decode(requestId, in);
            case FrameType.XA_RECOVER -> XaRecover.decode(requestId, in);
            case FrameType.XA_FORGET -> XaForget.decode(requestId, in);
            case FrameType.XA_RESULT -> XaResult.decode(requestId, in);
            case FrameType.XA_RECOVERED -> XaRecovered.decode(requestId, in);
            default -> throw new ProtocolException("unknown frame type " + type);
        };
        if (in.isReadable()) {
            throw new ProtocolException("frame type " + type + " has " + in.readableBytes() + " trailing bytes");
        }
        return frame;
    }
}
