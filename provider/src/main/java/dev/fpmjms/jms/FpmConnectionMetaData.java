package dev.fpmjms.jms;

import jakarta.jms.ConnectionMetaData;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * What the provider is and supports: Jakarta Messaging 3.1, provider "fpm-jms", and the JMSX
 * properties JMSXDeliveryCount, JMSXGroupID and JMSXGroupSeq. Immutable.
 */
final class FpmConnectionMetaData implements ConnectionMetaData {
    static final FpmConnectionMetaData INSTANCE = new FpmConnectionMetaData();

    /** Used when the jar manifest carries no Implementation-Version (running from classes). */
    static final String FALLBACK_VERSION = "0.1.0";

    private static final List<String> JMSX_PROPERTIES = List.of("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq");

    private final String version;
    private final int major;
    private final int minor;

    private FpmConnectionMetaData() {
        String v = FpmConnectionMetaData.class.getPackage().getImplementationVersion();
        version = v == null || v.isBlank() ? FALLBACK_VERSION : v;
        int[] parts = parseVersion(version);
        major = parts[0];
        minor = parts[1];
    }

    static int[] parseVersion(String v) {
        String[] p = v.split("[.-]");
        return new int[] {number(p, 0), number(p, 1)};
    }

    private static int number(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override public String getJMSVersion() { return "3.1"; }
    @Override public int getJMSMajorVersion() { return 3; }
    @Override public int getJMSMinorVersion() { return 1; }
    @Override public String getJMSProviderName() { return "fpm-jms"; }
    @Override public String getProviderVersion() { return version; }
    @Override public int getProviderMajorVersion() { return major; }
    @Override public int getProviderMinorVersion() { return minor; }

    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Collections.enumeration(JMSX_PROPERTIES);
    }
}
