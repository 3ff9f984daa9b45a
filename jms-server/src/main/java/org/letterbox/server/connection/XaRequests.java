package org.letterbox.server.connection;

import org.letterbox.protocol.Frame;
import org.letterbox.protocol.FrameType;
import org.letterbox.protocol.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;

/**
 * One connection's XA frames: each becomes a call on the broker-wide {@link XaCoordinator}, answered with
 * {@link Frames.XaResult} (the XA code, or the refusal's code and reason) or {@link Frames.XaRecovered}. Never throws:
 * a broker fault is answered {@code XAER_RMERR}.
 */
final class XaRequests {
    private static final Logger LOG = LoggerFactory.getLogger(XaRequests.class);

    private final ServerConnection connection;
    private final XaCoordinator coordinator;

    XaRequests(ServerConnection connection, XaCoordinator coordinator) {
        this.connection = connection;
        this.coordinator = coordinator;
    }

    void handle(Frame frame) {
        int requestId = frame.requestId();
        try {
            switch (frame.type()) {
                case FrameType.XA_START -> {
                    Frames.XaStart start = (Frames.XaStart) frame;
                    coordinator.start(session(start.sessionId()), start.xid(), start.flags(), start.timeoutSeconds());
                    result(requestId, XAResource.XA_OK, null);
                }
                case FrameType.XA_END -> {
                    Frames.XaEnd end = (Frames.XaEnd) frame;
                    coordinator.end(session(end.sessionId()), end.xid(), end.flags(), end.consumedTags());
                    result(requestId, XAResource.XA_OK, null);
                }
                case FrameType.XA_PREPARE ->
                        coordinator.prepare(((Frames.XaPrepare) frame).xid(), code -> result(requestId, code, null));
                case FrameType.XA_COMMIT -> {
                    Frames.XaCommit commit = (Frames.XaCommit) frame;
                    coordinator.commit(commit.xid(), commit.onePhase(), () -> result(requestId, XAResource.XA_OK, null));
                }
                case FrameType.XA_ROLLBACK -> {
                    coordinator.rollback(((Frames.XaRollback) frame).xid());
                    result(requestId, XAResource.XA_OK, null);
                }
                case FrameType.XA_RECOVER -> {
                    var xids = coordinator.recover(((Frames.XaRecover) frame).flags());
                    if (requestId != 0) {
                        connection.replyIfOpen(new Frames.XaRecovered(requestId, xids));
                    }
                }
                case FrameType.XA_FORGET -> coordinator.forget(((Frames.XaForget) frame).xid());
                default -> throw new IllegalArgumentException("not an XA frame: " + frame.type());
            }
        } catch (XaRefusal refusal) {
            result(requestId, refusal.code(), refusal.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{}: XA request type {} failed", connection, frame.type(), e);
            result(requestId, XAException.XAER_RMERR, "the broker failed to handle the request: " + e);
        }
    }

    /** The XA session a start/end names; XAER_PROTO for one that is not open or not an XA session. */
    private ServerSession session(int sessionId) throws XaRefusal {
        ServerSession session = connection.openSession(sessionId);
        if (session == null) {
            throw new XaRefusal(XAException.XAER_PROTO, "session " + sessionId + " is not open");
        }
        if (!session.xa()) {
            throw new XaRefusal(XAException.XAER_PROTO, "session " + sessionId + " is not an XA session");
        }
        return session;
    }

    private void result(int requestId, int code, String message) {
        if (requestId != 0) {
            connection.replyIfOpen(new Frames.XaResult(requestId, code, message));
        }
    }
}
