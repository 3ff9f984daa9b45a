package org.letterbox.selector;

import java.util.HashMap;
import java.util.Map;

/** A message stand-in: identifiers map to values; missing keys (and null values) are NULL. */
final class MapContext implements SelectorContext {

    private final Map<String, Object> values = new HashMap<>();

    /** {@code of("a", 1, "b", "x")}; values may be null. */
    static MapContext of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        MapContext context = new MapContext();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return context;
    }

    @Override
    public Object get(String identifier) {
        return values.get(identifier);
    }
}
