package org.letterbox.selector;

/**
 * One node of a compiled selector.
 *
 * <p>{@link #evaluate} returns a {@code Long}/{@code Integer}/... or {@code Double}/{@code Float}
 * (numeric), a {@code String}, a {@code Boolean}, or {@code null}. For conditions {@code null} is
 * SQL's UNKNOWN, so three-valued logic needs no extra type and no allocation.
 */
interface Expression {
    Object evaluate(SelectorContext context);
}
