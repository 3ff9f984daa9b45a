package org.letterbox.server.fuzz;

import jakarta.jms.Session;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.FrameType;
import org.letterbox.protocol.Frames;
import org.letterbox.protocol.WireXid;

import javax.transaction.xa.XAResource;
import java.util.ArrayList;
import java.util.List;

/**
 * Well-formed frames of every client type with random field values, for one connection. It remembers the sessions,
 * consumers, browsers and XIDs it has asked for, so most later frames name ones that exist (whatever the broker
 * answered) and the rest name bogus ones.
 */
final class FrameGenerator {
    /** Every type a client may send, HELLO included (a second one is a protocol error). */
    static final byte[] CLIENT_TYPES = {FrameType.HELLO, FrameType.SET_CLIENT_ID, FrameType.CREATE_SESSION,
            FrameType.CLOSE_SESSION, FrameType.CREATE_CONSUMER, FrameType.CLOSE_CONSUMER, FrameType.CREDIT, FrameType.PULL,
            FrameType.SEND, FrameType.ACK, FrameType.COMMIT, FrameType.ROLLBACK, FrameType.RECOVER,
            FrameType.CREATE_TEMP_DESTINATION, FrameType.DELETE_TEMP_DESTINATION, FrameType.UNSUBSCRIBE,
            FrameType.BROWSE_OPEN, FrameType.BROWSE_NEXT, FrameType.BROWSE_CLOSE, FrameType.CLOSE_CONNECTION,
            FrameType.CHECK_DESTINATION, FrameType.START, FrameType.STOP, FrameType.XA_START, FrameType.XA_END,
            FrameType.XA_PREPARE, FrameType.XA_COMMIT, FrameType.XA_ROLLBACK, FrameType.XA_RECOVER, FrameType.XA_FORGET};
    static final byte[] XA_TYPES = {FrameType.XA_START, FrameType.XA_END, FrameType.XA_PREPARE, FrameType.XA_COMMIT,
            FrameType.XA_ROLLBACK, FrameType.XA_RECOVER, FrameType.XA_FORGET, FrameType.SEND, FrameType.CREATE_SESSION};
    private static final int[] ACK_MODES = {Session.SESSION_TRANSACTED, Session.AUTO_ACKNOWLEDGE,
            Session.CLIENT_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE, Frames.XA_SESSION};
    private static final int[] XA_FLAGS = {XAResource.TMNOFLAGS, XAResource.TMJOIN, XAResource.TMRESUME,
            XAResource.TMSUCCESS, XAResource.TMFAIL, XAResource.TMSUSPEND, XAResource.TMSTARTRSCAN,
            XAResource.TMENDRSCAN, XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN, XAResource.TMONEPHASE};

    private final FuzzRandom random;
    private final List<Integer> sessions = new ArrayList<>();
    private final List<Long> consumers = new ArrayList<>();
    private final List<Long> browsers = new ArrayList<>();
    private final List<Long> tags = new ArrayList<>();
    private final List<WireXid> xids = new ArrayList<>();
    private int nextRequestId = 1;

    FrameGenerator(FuzzRandom random) {
        this.random = random;
        for (long tag = 1; tag <= 20; tag++) {
            tags.add(tag); // the broker numbers deliveries 1, 2, ... per session
        }
    }

    /** A frame of any client type. */
    Frame any() {
        return of(CLIENT_TYPES[random.nextInt(CLIENT_TYPES.length)]);
    }

    /** Mostly XA frames (with the sessions and sends they work on). */
    Frame xa() {
        return of(XA_TYPES[random.nextInt(XA_TYPES.length)]);
    }

    /** Mostly increasing request ids; sometimes 0 (one-way), a repeat, or an extreme. */
    int requestId() {
        int roll = random.nextInt(10);
        if (roll == 0) {
            return 0;
        }
        if (roll == 1) {
            return random.interestingInt();
        }
        return nextRequestId++;
    }

    int newSession() {
        int id = sessions.size() + 1;
        sessions.add(id);
        return id;
    }

    long newConsumer() {
        long id = consumers.size() + 1;
        consumers.add(id);
        return id;
    }

    Frame of(byte type) {
        int rid = requestId();
        return switch (type) {
            case FrameType.HELLO -> new Frames.Hello(rid, Frames.MAGIC, Frames.VERSION, random.oddString(), random.oddString(), random.nextInt(3) == 0 ? 0 : 100 + random.nextInt(2000));
            case FrameType.SET_CLIENT_ID -> new Frames.SetClientId(rid, random.chance(0.7) ? "fuzz.client" + random.nextInt(4) : random.oddString());
            case FrameType.CREATE_SESSION -> {
                int id = random.chance(0.8) ? newSession() : random.interestingInt();
                int mode = random.chance(0.85) ? ACK_MODES[random.nextInt(ACK_MODES.length)] : random.interestingInt();
                yield new Frames.CreateSession(rid, id, mode);
            }
            case FrameType.CLOSE_SESSION -> new Frames.CloseSession(rid, session(), random.longs(tags));
            case FrameType.CREATE_CONSUMER -> createConsumer(rid);
            case FrameType.CLOSE_CONSUMER -> new Frames.CloseConsumer(rid, consumer(), random.knownOrLong(tags));
            case FrameType.CREDIT -> new Frames.Credit(rid, consumer(), random.interestingInt(), random.interestingInt());
            case FrameType.PULL -> new Frames.Pull(rid, consumer(), random.chance(0.5) ? random.between(-1, 50) : random.interestingLong());
            case FrameType.SEND -> new Frames.Send(rid, session(), FuzzDestinations.any(random), MessageBodies.any(random));
            case FrameType.ACK -> new Frames.Ack(rid, session(), random.longs(tags));
            case FrameType.COMMIT -> new Frames.Commit(rid, session(), random.longs(tags));
            case FrameType.ROLLBACK -> new Frames.Rollback(rid, session(), random.longs(tags));
            case FrameType.RECOVER -> new Frames.Recover(rid, session(), random.longs(tags));
            case FrameType.CREATE_TEMP_DESTINATION -> new Frames.CreateTempDestination(rid, temporaryOrAny());
            case FrameType.DELETE_TEMP_DESTINATION -> new Frames.DeleteTempDestination(rid, temporaryOrAny());
            case FrameType.UNSUBSCRIBE -> new Frames.Unsubscribe(rid, FuzzDestinations.subscriptionName(random));
            case FrameType.BROWSE_OPEN -> new Frames.BrowseOpen(rid, browser(), FuzzDestinations.any(random), FuzzDestinations.selector(random));
            case FrameType.BROWSE_NEXT -> new Frames.BrowseNext(rid, browser(), random.interestingInt());
            case FrameType.BROWSE_CLOSE -> new Frames.BrowseClose(rid, browser());
            case FrameType.CLOSE_CONNECTION -> random.chance(0.2) ? new Frames.CloseConnection(rid) : new Frames.Start(rid);
            case FrameType.CHECK_DESTINATION -> new Frames.CheckDestination(rid, FuzzDestinations.any(random));
            case FrameType.START -> new Frames.Start(rid);
            case FrameType.STOP -> random.chance(0.3) ? new Frames.Stop(rid) : new Frames.Start(rid);
            case FrameType.XA_START -> new Frames.XaStart(rid, session(), xid(), xaFlags(), random.chance(0.8) ? random.nextInt(3) : random.interestingInt());
            case FrameType.XA_END -> new Frames.XaEnd(rid, session(), xid(), xaFlags(), random.longs(tags));
            case FrameType.XA_PREPARE -> new Frames.XaPrepare(rid, xid());
            case FrameType.XA_COMMIT -> new Frames.XaCommit(rid, xid(), random.chance(0.5));
            case FrameType.XA_ROLLBACK -> new Frames.XaRollback(rid, xid());
            case FrameType.XA_RECOVER -> new Frames.XaRecover(rid, xaFlags());
            case FrameType.XA_FORGET -> new Frames.XaForget(rid, xid());
            default -> throw new IllegalArgumentException("not a client frame type " + type);
        };
    }

    private Frame createConsumer(int rid) {
        long id = random.chance(0.8) ? newConsumer() : random.interestingLong();
        DestinationRef destination = FuzzDestinations.any(random);
        int windowMessages = random.chance(0.7) ? random.between(0, 100) : random.interestingInt();
        int windowBytes = random.chance(0.7) ? random.nextInt(1 << 20) : random.interestingInt();
        boolean named = random.chance(0.4);
        return new Frames.CreateConsumer(rid, session(), id, destination, FuzzDestinations.selector(random),
                random.chance(0.2), named ? FuzzDestinations.subscriptionName(random) : null, random.chance(0.5),
                random.chance(0.5), windowMessages, windowBytes);
    }

    private int session() {
        return random.knownOr(sessions);
    }

    private long consumer() {
        return random.knownOrLong(consumers);
    }

    private long browser() {
        if (random.chance(0.4)) {
            browsers.add(random.chance(0.5) ? (long) browsers.size() + 1 : random.interestingLong());
        }
        return random.knownOrLong(browsers);
    }

    private DestinationRef temporaryOrAny() {
        return random.chance(0.6) ? FuzzDestinations.temporary(random) : FuzzDestinations.any(random);
    }

    private int xaFlags() {
        return random.chance(0.9) ? XA_FLAGS[random.nextInt(XA_FLAGS.length)] : random.interestingInt();
    }

    /** A remembered XID, a fresh well-formed one, or a bad one: null, -1 format, empty or oversized parts. */
    private WireXid xid() {
        if (!xids.isEmpty() && random.chance(0.6)) {
            return random.pick(xids);
        }
        WireXid xid = switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> new WireXid(-1, random.bytes(4), random.bytes(4));
            case 2 -> new WireXid(random.interestingInt(), new byte[0], random.bytes(4));
            case 3 -> new WireXid(random.interestingInt(), random.bytes(random.between(65, 300)), random.bytes(4));
            case 4 -> new WireXid(random.interestingInt(), random.bytes(8), random.bytes(random.between(65, 300)));
            default -> new WireXid(random.between(0, 3), random.bytes(random.between(1, 65)), random.bytes(random.nextInt(65)));
        };
        if (xid != null && random.chance(0.7)) {
            xids.add(xid);
        }
        return xid;
    }
}
