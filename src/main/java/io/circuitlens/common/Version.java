package io.circuitlens.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of circuitlens, written once (in the pom) and read from the resource the build fills in. */
public final class Version {
    private static final String NUMBER = load();

    private Version() {}

    /** e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String number() {
        return NUMBER;
    }

    /** e.g. {@code circuitlens 0.1.0-SNAPSHOT}: what results record as the tool that made them. */
    public static String tool() {
        return "circuitlens " + NUMBER;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties is missing from the build");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
