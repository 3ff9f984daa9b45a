package org.letterbox.client.context;

/**
 * Remembers, per thread, which JMSContext callbacks ({@code MessageListener.onMessage},
 * {@code CompletionListener.onCompletion/onException}) the thread is running, so that the context can refuse the
 * calls the spec forbids from them (close/commit/rollback from its own CompletionListener, close from its own
 * MessageListener, stop from a MessageListener of its connection) without relying on the classic layer to detect it.
 */
final class CallbackScope {

    enum Kind { MESSAGE_LISTENER, COMPLETION_LISTENER }

    /** One active callback; frames nest when a callback synchronously triggers another. */
    static final class Frame {
        final LetterboxJMSContext context;
        final Kind kind;
        final Frame previous;

        private Frame(LetterboxJMSContext context, Kind kind, Frame previous) {
            this.context = context;
            this.kind = kind;
            this.previous = previous;
        }
    }

    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private CallbackScope() {
    }

    static Frame enter(LetterboxJMSContext context, Kind kind) {
        Frame frame = new Frame(context, kind, CURRENT.get());
        CURRENT.set(frame);
        return frame;
    }

    static void exit(Frame frame) {
        if (frame.previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(frame.previous);
        }
    }

    /** Whether this thread runs a callback of the given kind belonging to {@code context}. */
    static boolean inCallbackOf(LetterboxJMSContext context, Kind kind) {
        for (Frame f = CURRENT.get(); f != null; f = f.previous) {
            if (f.context == context && f.kind == kind) {
                return true;
            }
        }
        return false;
    }

    /** Whether this thread runs a callback of the given kind of any context on {@code connection}. */
    static boolean inCallbackOn(SharedConnection connection, Kind kind) {
        for (Frame f = CURRENT.get(); f != null; f = f.previous) {
            if (f.context.sharedConnection() == connection && (kind == null || f.kind == kind)) {
                return true;
            }
        }
        return false;
    }
}
