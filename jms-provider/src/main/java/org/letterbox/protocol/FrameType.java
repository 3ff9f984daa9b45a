package org.letterbox.protocol;

/** Type bytes of the wire protocol. Requests are below 64, broker-to-client frames 64 and above. */
public final class FrameType {
    private FrameType() {
    }

    public static final byte HELLO = 1;
    public static final byte SET_CLIENT_ID = 2;
    public static final byte CREATE_SESSION = 3;
    public static final byte CLOSE_SESSION = 4;
    public static final byte CREATE_CONSUMER = 5;
    public static final byte CLOSE_CONSUMER = 6;
    public static final byte CREDIT = 7;
    public static final byte PULL = 8;
    public static final byte SEND = 9;
    public static final byte ACK = 10;
    public static final byte COMMIT = 11;
    public static final byte ROLLBACK = 12;
    public static final byte RECOVER = 13;
    public static final byte CREATE_TEMP_DESTINATION = 14;
    public static final byte DELETE_TEMP_DESTINATION = 15;
    public static final byte UNSUBSCRIBE = 16;
    public static final byte BROWSE_OPEN = 17;
    public static final byte BROWSE_NEXT = 18;
    public static final byte BROWSE_CLOSE = 19;
    public static final byte CLOSE_CONNECTION = 20;
    public static final byte CHECK_DESTINATION = 21;
    public static final byte START = 22;
    public static final byte STOP = 23;
    public static final byte XA_START = 24;
    public static final byte XA_END = 25;
    public static final byte XA_PREPARE = 26;
    public static final byte XA_COMMIT = 27;
    public static final byte XA_ROLLBACK = 28;
    public static final byte XA_RECOVER = 29;
    public static final byte XA_FORGET = 30;
    /** Either way: keeps an idle connection alive. */
    public static final byte HEARTBEAT = 31;

    public static final byte OK = 64;
    public static final byte ERROR = 65;
    public static final byte HELLO_OK = 66;
    public static final byte DELIVER = 67;
    public static final byte PULL_DONE = 68;
    public static final byte BROWSE_BATCH = 69;
    public static final byte XA_RESULT = 70;
    public static final byte XA_RECOVERED = 71;
    public static final byte FLOW_CONTROL = 72;
    public static final byte SEND_CREDIT = 73;
}
