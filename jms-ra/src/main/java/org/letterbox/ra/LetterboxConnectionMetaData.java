package org.letterbox.ra;

import jakarta.resource.spi.ManagedConnectionMetaData;

/** What the container shows about a pooled connection. */
record LetterboxConnectionMetaData(String productVersion, String user) implements ManagedConnectionMetaData {

    @Override
    public String getEISProductName() {
        return "Letterbox";
    }

    @Override
    public String getEISProductVersion() {
        return productVersion;
    }

    /** No limit beyond the container's pool. */
    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public String getUserName() {
        return user;
    }
}
