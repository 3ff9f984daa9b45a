package org.letterbox.client;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class LetterboxMetaDataTest {

    @Test
    void reportsJakartaMessaging31AndLetterbox() {
        LetterboxMetaData md = LetterboxMetaData.INSTANCE;
        assertEquals("3.1", md.getJMSVersion());
        assertEquals(3, md.getJMSMajorVersion());
        assertEquals(1, md.getJMSMinorVersion());
        assertEquals("Letterbox", md.getJMSProviderName());
        assertNotNull(md.getProviderVersion());
    }

    @Test
    void listsTheSupportedJmsxProperties() {
        List<String> names = Collections.list(LetterboxMetaData.INSTANCE.getJMSXPropertyNames());
        assertEquals(List.of("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount"), names);
    }

    @Test
    void parsesMajorAndMinorFromTheProviderVersion() {
        assertArrayEquals(new int[]{0, 1}, LetterboxMetaData.parse("0.1.0-SNAPSHOT"));
        assertArrayEquals(new int[]{2, 13}, LetterboxMetaData.parse("2.13"));
        assertArrayEquals(new int[]{0, 0}, LetterboxMetaData.parse("dev"));
    }
}
