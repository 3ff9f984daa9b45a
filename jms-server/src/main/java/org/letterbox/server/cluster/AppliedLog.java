package org.letterbox.server.cluster;

import org.apache.ratis.server.protocol.TermIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one node knows of the journal records it has applied from the Raft log: which log entry holds each record
 * position (the records themselves stay in the Raft log, read back from there), the last position, and which
 * segments the store released. From that follows how much of the Raft log a snapshot may let go: everything before
 * the first entry of the oldest kept segment, since every segment starts with a checkpoint of what the store still
 * needs. Written by the Raft apply thread, read by the leader's broker thread: synchronized.
 */
final class AppliedLog {
    /** First position of each applied records entry → the Raft index of the entry and its record count. */
    private final TreeMap<Long, long[]> entries = new TreeMap<>();
    /** Each kept segment → the Raft term and index applied just before its first entry (where a purge may stop). */
    private final TreeMap<Integer, TermIndex> segmentStarts = new TreeMap<>();
    private long lastPosition;
    private int firstKeptSegment;
    private TermIndex lastRelease; // the last release entry applied: purgeable up to it when no kept segment has records

    synchronized void recordsApplied(TermIndex entry, TermIndex before, long firstPosition, int count) {
        int segment = ClusterEntry.segmentOf(firstPosition);
        if (count == 0 || segment < firstKeptSegment || firstPosition <= lastPosition) {
            return; // released already, or applied before (a restart replays entries after its snapshot again)
        }
        entries.put(firstPosition, new long[] {entry.getIndex(), count});
        segmentStarts.putIfAbsent(segment, before);
        lastPosition = firstPosition + count - 1;
    }

    synchronized void released(TermIndex entry, int segment) {
        if (segment <= firstKeptSegment) {
            return;
        }
        firstKeptSegment = segment;
        entries.headMap(ClusterEntry.position(segment, 0)).clear();
        segmentStarts.headMap(segment).clear();
        lastRelease = entry;
    }

    /** The Raft index of the entry holding {@code position}, or -1 if no applied entry holds it. */
    synchronized long entryOf(long position) {
        Map.Entry<Long, long[]> floor = entries.floorEntry(position);
        if (floor == null || position >= floor.getKey() + floor.getValue()[1]) {
            return -1;
        }
        return floor.getValue()[0];
    }

    /** The Raft indexes of every applied records entry kept, in position order. */
    synchronized List<Long> keptEntries() {
        List<Long> indexes = new ArrayList<>(entries.size());
        for (long[] entry : entries.values()) {
            indexes.add(entry[0]);
        }
        return indexes;
    }

    /** How far a snapshot may let the Raft log go, or null if nothing may go yet. */
    synchronized TermIndex purgeable() {
        Map.Entry<Integer, TermIndex> oldest = segmentStarts.ceilingEntry(firstKeptSegment);
        return oldest != null ? oldest.getValue() : lastRelease;
    }

    synchronized long lastPosition() {
        return lastPosition;
    }

    synchronized int firstKeptSegment() {
        return firstKeptSegment;
    }

    /**
     * Back to the state a snapshot recorded: the segments before {@code firstKeptSegment} are gone, and every record
     * still kept is in the Raft log after the snapshot, to be applied again.
     */
    synchronized void restore(int firstKeptSegment, TermIndex snapshot) {
        entries.clear();
        segmentStarts.clear();
        this.firstKeptSegment = firstKeptSegment;
        this.lastPosition = firstKeptSegment == 0 ? 0 : ClusterEntry.position(firstKeptSegment, 0) - 1;
        this.lastRelease = snapshot;
    }
}
