package org.letterbox.server.connection;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.letterbox.server.destination.Destinations;
import org.letterbox.server.destination.QueueEntry;
import org.letterbox.server.destination.Scheduler;
import org.letterbox.server.security.Authenticator;
import org.letterbox.server.store.MessageStore;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The broker's shared state, owned by its single event loop: every connection's frames are handled on
 * that loop, so destinations, subscriptions and deliveries need no locks and have no races.
 */
public final class BrokerCore implements Scheduler {
    private final EventLoop loop;
    private final Destinations destinations;
    private final MessageStore store;
    private final Authenticator authenticator;
    private final Flusher flusher;
    private final int maxFrameSize;
    private final Set<String> clientIds = new HashSet<>();
    private final Set<ServerConnection> connections = new HashSet<>();
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private long connectionCounter;
    private long messageSequence;

    public BrokerCore(EventLoop loop, MessageStore store, Authenticator authenticator, boolean autoCreateDestinations,
                      int maxFrameSize) {
        this.loop = loop;
        this.store = store;
        this.authenticator = authenticator;
        this.maxFrameSize = maxFrameSize;
        this.flusher = new Flusher(loop);
        this.destinations = new Destinations(this, this::settled, autoCreateDestinations);
    }

    public EventLoop loop() {
        return loop;
    }

    public Destinations destinations() {
        return destinations;
    }

    MessageStore store() {
        return store;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    Flusher flusher() {
        return flusher;
    }

    int maxFrameSize() {
        return maxFrameSize;
    }

    /** Unique across broker restarts too, since it prefixes message IDs. */
    String newConnectionId() {
        return instanceId + "-" + (++connectionCounter);
    }

    long nextMessageSequence() {
        return ++messageSequence;
    }

    boolean claimClientId(String clientId) {
        return clientIds.add(clientId);
    }

    void releaseClientId(String clientId) {
        clientIds.remove(clientId);
    }

    void opened(ServerConnection connection) {
        connections.add(connection);
    }

    void closed(ServerConnection connection) {
        connections.remove(connection);
    }

    public int connectionCount() {
        return connections.size();
    }

    private void settled(QueueEntry entry) {
        if (entry.message().persistent()) {
            store.settle(entry.message());
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> future = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }
}
