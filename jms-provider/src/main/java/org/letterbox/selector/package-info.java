/**
 * JMS message selectors (Jakarta Messaging 3.1, section 3.8.1.1): {@link org.letterbox.selector.Selector}
 * compiles the text once into a tree of evaluator nodes; {@link org.letterbox.selector.SelectorContext}
 * supplies header and property values per message. Everything else in the package is implementation.
 *
 * <p>Choices where the spec is silent or loose, and why:
 * <ul>
 *   <li>Comparing non-like types is FALSE for every comparison operator, {@code <>} included, and for
 *       IN, NOT IN, LIKE and NOT LIKE on a non-String value: the spec says such a comparison "is false".
 *       BETWEEN and NOT BETWEEN follow the spec's own rewrite ({@code a >= b AND a <= c},
 *       {@code a < b OR a > c}), NULLs included.</li>
 *   <li>A non-Boolean value used as a condition (a bare identifier holding 5) is UNKNOWN, so neither it
 *       nor its NOT ever matches.</li>
 *   <li>Arithmetic on a non-number or NULL is UNKNOWN; integral division by zero is UNKNOWN (Java would
 *       throw); floating division by zero is an infinity or NaN as in Java. byte/short/int/long compute
 *       as long (no int overflow), anything with float/double as double. Only the JMS property types
 *       are numbers: a BigDecimal from a foreign context is an incomparable type.</li>
 *   <li>Ordering a string or boolean <em>literal</em> ({@code 'a' > 'b'}), arithmetic or BETWEEN on one,
 *       and logic on a numeric or string expression are rejected at compile time; with identifiers the
 *       type is only known per message and the comparison is FALSE. Equality between literals of
 *       different types ({@code '1' = 1}) compiles and is FALSE, as the spec describes.</li>
 *   <li>IN, LIKE and IS [NOT] NULL take an identifier on the left, as the grammar says; NULL may appear
 *       only in IS [NOT] NULL (some brokers accept {@code x = NULL}; it can never be TRUE).</li>
 *   <li>Numeric literals follow Java: decimal, hex, octal, binary, {@code L}, {@code _} between digits,
 *       decimal and hex floating point with {@code F}/{@code D}. {@code 1.1F} is rounded to float.
 *       {@code -9223372036854775808} is read with its sign. Out-of-range literals are rejected.</li>
 *   <li>LIKE: the escape character makes any following character literal (as ActiveMQ/Artemis do); a
 *       pattern ending in a lone escape is rejected. Wildcards match line breaks; {@code _} matches one
 *       code point.</li>
 *   <li>Header names the spec does not allow in selectors (JMSDestination, JMSReplyTo, JMSExpiration,
 *       JMSRedelivered, JMSDeliveryTime) are not rejected: they are ordinary identifiers whose value is
 *       whatever the context returns, normally NULL.</li>
 *   <li>Reserved words are matched case-insensitively in ASCII only (so Turkish {@code ın} is an
 *       identifier). Nesting deeper than 200 levels or a tree deeper than 1000 is rejected so a
 *       hostile selector cannot overflow a broker thread's stack; AND/OR chains are flat and unlimited.</li>
 * </ul>
 */
package org.letterbox.selector;
