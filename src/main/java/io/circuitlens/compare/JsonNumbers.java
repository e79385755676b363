package io.circuitlens.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON has no NaN: undefined statistics are written as null so that every JSON reader accepts the file. */
final class JsonNumbers {
    private JsonNumbers() {}

    static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.putNull(key);
    }

    static void add(ArrayNode a, double v) {
        if (Double.isFinite(v)) a.add(v);
        else a.addNull();
    }

    static ArrayNode array(ObjectNode parent, String key, double[] values) {
        ArrayNode a = parent.putArray(key);
        for (double v : values) add(a, v);
        return a;
    }
}
