package io.circuitlens.attribution;

import io.circuitlens.common.CircuitLensException;

/** The attribution methods. */
public enum Method {
    /** activation patching: exact effect of moving one component */
    AP("ap"),
    /** attribution patching: gradient · difference at the base run */
    ATP("atp"),
    /** layer integrated gradients */
    IG("ig"),
    /** integrated gradients split where the path saturates */
    SPLIT_IG("split-ig");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Method parse(String s) {
        for (Method m : values()) if (m.label.equals(s)) return m;
        throw new CircuitLensException("the method must be ap, atp, ig or split-ig, got '" + s + "'");
    }
}
