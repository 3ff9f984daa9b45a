package org.letterbox.client;

import jakarta.jms.ConnectionMetaData;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** What {@code Connection.getMetaData()} reports: Jakarta Messaging 3.1, provider "Letterbox". */
public final class LetterboxMetaData implements ConnectionMetaData {

    public static final String PROVIDER_NAME = "Letterbox";
    private static final String FALLBACK_VERSION = "0.1.0";
    private static final List<String> JMSX_PROPERTIES = List.of("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount");

    public static final LetterboxMetaData INSTANCE = new LetterboxMetaData();

    private final String providerVersion;
    private final int majorVersion;
    private final int minorVersion;

    private LetterboxMetaData() {
        String v = LetterboxMetaData.class.getPackage() == null ? null
                : LetterboxMetaData.class.getPackage().getImplementationVersion();
        providerVersion = v == null || v.isBlank() ? FALLBACK_VERSION : v;
        int[] parts = parse(providerVersion);
        majorVersion = parts[0];
        minorVersion = parts[1];
    }

    static int[] parse(String version) {
        int[] parts = new int[2];
        String[] split = version.split("[.\\-]");
        for (int i = 0; i < 2 && i < split.length; i++) {
            try {
                parts[i] = Integer.parseInt(split[i]);
            } catch (NumberFormatException e) {
                break;
            }
        }
        return parts;
    }

    @Override
    public String getJMSVersion() {
        return "3.1";
    }

    @Override
    public int getJMSMajorVersion() {
        return 3;
    }

    @Override
    public int getJMSMinorVersion() {
        return 1;
    }

    @Override
    public String getJMSProviderName() {
        return PROVIDER_NAME;
    }

    @Override
    public String getProviderVersion() {
        return providerVersion;
    }

    @Override
    public int getProviderMajorVersion() {
        return majorVersion;
    }

    @Override
    public int getProviderMinorVersion() {
        return minorVersion;
    }

    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Collections.enumeration(JMSX_PROPERTIES);
    }
}
