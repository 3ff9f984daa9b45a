package org.letterbox.server.store;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal cycle file cut short while the broker is stopped (its end lost, as by a copy cut short or a file
 * system losing blocks). Cut inside its last record, only that record is lost: the broker recovers every
 * complete one, logs the skip and works on, across later restarts too. Cut before its last complete record,
 * or inside the file's header (or with a damaged header), complete records are gone: the broker refuses to
 * start, naming the file, on every attempt. It never starts with fewer records than the file held and says
 * nothing. An empty newest file, as a kill leaves it while the journal creates it, is deleted with a warning.
 */
class TruncatedJournalTest {
    private static final int COUNT = 50;
    private static final int SIZE = 2000;

    @TempDir
    Path data;

    private LetterboxBroker broker;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Starts the broker on {@link #data}, keeping what it logs meanwhile (slf4j-simple writes to System.err). */
    private LetterboxBroker start() throws Exception {
        PrintStream original = System.err;
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                log.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                log.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            broker = LetterboxBroker.builder().port(0).store(StoreType.CHRONICLE).dataDirectory(data)
                    .fsync(FsyncPolicy.NEVER).start();
            return broker;
        } finally {
            System.setErr(original);
        }
    }

    private void stopBroker() {
        broker.close();
        broker = null;
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private void send(int from, int to) throws JMSException {
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("cut"));
            for (int i = from; i < to; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(new byte[SIZE]);
                m.setIntProperty("n", i);
                producer.send(m);
            }
        }
    }

    private List<Integer> drain() throws JMSException {
        List<Integer> got = new ArrayList<>();
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("cut"));
            Message m;
            while ((m = consumer.receive(1000)) != null) {
                got.add(m.getIntProperty("n"));
            }
        }
        return got;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    /** Sends COUNT messages, stops the broker, returns the (only) cycle file. */
    private Path journalWithMessages() throws Exception {
        start();
        send(0, COUNT);
        stopBroker();
        List<Path> files = cycleFiles();
        assertEquals(1, files.size(), files.toString());
        return files.get(0);
    }

    private List<Path> cycleFiles() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("journal"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    private static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    /** Where the written part of a cycle file ends (the rest is Chronicle's pre-allocated zero area). */
    private static long endOfData(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int i = bytes.length;
        while (i > 0 && bytes[i - 1] == 0) {
            i--;
        }
        return i;
    }

    @Test
    void aFileCutInsideItsLastRecordLosesOnlyThatRecordSaysSoAndWorksOn() throws Exception {
        Path file = journalWithMessages();
        truncate(file, endOfData(file) - SIZE / 3); // inside the last message's body: its header is intact

        start();
        assertTrue(logged().contains("skipped 1 damaged record(s) at its end"), logged());
        assertEquals(range(0, COUNT - 1), drain());
        send(100, 102);
        stopBroker();
        start(); // the skipped record is not mistaken for damage in the middle now that records follow it
        assertEquals(List.of(100, 101), drain());
    }

    @Test
    void cuttingOnlyThePreallocatedZeroAreaLosesNothing() throws Exception {
        Path file = journalWithMessages();
        truncate(file, endOfData(file));

        start();
        assertFalse(logged().contains("damaged"), logged());
        assertEquals(range(0, COUNT), drain());
        send(100, 101);
        stopBroker();
        start();
        assertEquals(List.of(100), drain());
    }

    @Test
    void aFileCutBeforeItsLastCompleteRecordStopsTheBrokerNamingTheFileOnEveryStart() throws Exception {
        Path file = journalWithMessages();
        truncate(file, endOfData(file) / 2); // whole records gone, not only a torn last one

        Exception first = assertThrows(Exception.class, this::start);
        assertTrue(first.getMessage().contains(file.toString()) && first.getMessage().contains("cut short"),
                first.getMessage());
        // Chronicle re-extended the file with zeros when it mapped it: the refusal must not depend on its length
        Exception again = assertThrows(Exception.class, this::start);
        assertTrue(again.getMessage().contains(file.toString()) && again.getMessage().contains("cut short"),
                again.getMessage());
    }

    @Test
    void aFileCutInsideItsHeaderStopsTheBrokerNamingTheFile() throws Exception {
        Path file = journalWithMessages();
        truncate(file, headerLength(file) / 2);

        Exception e = assertThrows(Exception.class, this::start);
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("shorter than its own header"),
                e.getMessage());
    }

    @Test
    void aFileWithADamagedHeaderStopsTheBrokerNamingTheFile() throws Exception {
        Path file = journalWithMessages();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(headerLength(file) / 2);
            raf.write(new byte[64]); // inside the header: its length is intact, its fields are not
        }

        Exception e = assertThrows(Exception.class, this::start);
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("header is damaged"),
                e.getMessage());
    }

    @Test
    void anEmptyNewestFileLeftByAKillWhileTheJournalCreatedItIsDeletedAndNothingIsLost() throws Exception {
        journalWithMessages();
        Path empty = Files.createFile(data.resolve("journal").resolve(cycleFileName(Instant.now().plus(Duration.ofHours(1)))));

        start();
        assertTrue(logged().contains(empty.getFileName() + " is empty"), logged());
        assertFalse(Files.exists(empty));
        assertEquals(range(0, COUNT), drain());
    }

    @Test
    void anEmptyFileOlderThanAnotherStopsTheBroker() throws Exception {
        journalWithMessages();
        Path empty = Files.createFile(data.resolve("journal").resolve(cycleFileName(Instant.now().minus(Duration.ofHours(1)))));

        Exception e = assertThrows(Exception.class, this::start);
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
        assertTrue(Files.exists(empty), "evidence kept");
    }

    /** A cycle file's name in the broker's default roll cycle (hourly). */
    private static String cycleFileName(Instant at) {
        return DateTimeFormatter.ofPattern(RollCycles.FAST_HOURLY.format()).withZone(ZoneOffset.UTC).format(at) + ".cq4";
    }

    /** A cycle file starts with Chronicle's header: a little-endian length word, then that many bytes. */
    private static int headerLength(Path file) throws IOException {
        byte[] first = new byte[4];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.readFully(first);
        }
        int length = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0x3FFFFFFF;
        assertTrue(length > 8, "header length " + length);
        return length;
    }
}
