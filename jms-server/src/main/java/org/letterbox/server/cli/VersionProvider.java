package org.letterbox.server.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the Maven version recorded in the jar, or the package's Implementation-Version. */
final class VersionProvider implements IVersionProvider {
    private static final String POM_PROPERTIES = "/META-INF/maven/org.letterbox/jms-server/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"Letterbox " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                String version = pom.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String implementation = VersionProvider.class.getPackage().getImplementationVersion();
        return implementation != null ? implementation : "(development build)";
    }
}
