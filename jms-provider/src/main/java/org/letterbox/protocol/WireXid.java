package org.letterbox.protocol;

import javax.transaction.xa.Xid;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An XA transaction branch identifier as a value: copied once from whatever {@link Xid} a transaction manager
 * passes in, compared by content (formatId, global transaction id, branch qualifier), so it can key the broker's
 * branches and travel on the wire and in the journal. A transaction manager's own Xid class need not implement
 * equals, so it is never used as a key itself.
 */
public final class WireXid implements Xid {
    private final int formatId;
    private final byte[] gtrid;
    private final byte[] bqual;
    private final int hash;

    public WireXid(int formatId, byte[] gtrid, byte[] bqual) {
        this.formatId = formatId;
        this.gtrid = gtrid.clone();
        this.bqual = bqual.clone();
        this.hash = 31 * (31 * formatId + Arrays.hashCode(this.gtrid)) + Arrays.hashCode(this.bqual);
    }

    /** A value copy of {@code xid}; null if it is null or has no global transaction id or branch qualifier. */
    public static WireXid of(Xid xid) {
        if (xid instanceof WireXid w) {
            return w;
        }
        if (xid == null || xid.getGlobalTransactionId() == null || xid.getBranchQualifier() == null) {
            return null;
        }
        return new WireXid(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
    }

    /** Whether both parts fit the XA limits ({@link Xid#MAXGTRIDSIZE}, {@link Xid#MAXBQUALSIZE}); -1 is the null XID's format. */
    public boolean isWellFormed() {
        return formatId != -1 && gtrid.length >= 1 && gtrid.length <= MAXGTRIDSIZE && bqual.length <= MAXBQUALSIZE;
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return gtrid.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return bqual.clone();
    }

    /** The parts without copying, for encoders (must not be modified). */
    byte[] gtrid() {
        return gtrid;
    }

    byte[] bqual() {
        return bqual;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireXid other && formatId == other.formatId && hash == other.hash
                && Arrays.equals(gtrid, other.gtrid) && Arrays.equals(bqual, other.bqual);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Xid[" + formatId + ":" + hex.formatHex(gtrid) + ":" + hex.formatHex(bqual) + "]";
    }
}
