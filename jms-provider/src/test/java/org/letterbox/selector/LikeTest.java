package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.truth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.letterbox.selector.SelectorTesting.Truth;

class LikeTest {

    private static Truth like(String pattern, String value) {
        return truth("s LIKE " + new Literal(pattern), "s", value);
    }

    private static Truth like(String pattern, char escape, String value) {
        return truth("s LIKE " + new Literal(pattern) + " ESCAPE " + new Literal(String.valueOf(escape)), "s", value);
    }

    @ParameterizedTest(name = "phone={0}: LIKE '12%3' is {1}")
    @CsvSource({"123, TRUE", "12993, TRUE", "1234, FALSE", "13, FALSE"})
    void percentStandsForAnySequence(String phone, Truth expected) {
        assertEquals(expected, like("12%3", phone));
    }

    @Test
    void percentMatchesTheEmptySequence() {
        assertEquals(Truth.TRUE, like("a%b", "ab"));
        assertEquals(Truth.TRUE, like("%", ""));
        assertEquals(Truth.TRUE, like("%%", "anything"));
    }

    @ParameterizedTest(name = "word={0}: LIKE 'l_se' is {1}")
    @CsvSource({"lose, TRUE", "lase, TRUE", "loose, FALSE", "lse, FALSE"})
    void underscoreStandsForExactlyOneCharacter(String word, Truth expected) {
        assertEquals(expected, like("l_se", word));
    }

    @Test
    void patternMustMatchTheWholeValue() {
        assertEquals(Truth.FALSE, like("abc", "xabcx"));
        assertEquals(Truth.FALSE, like("abc", "abcd"));
        assertEquals(Truth.TRUE, like("abc", "abc"));
    }

    @Test
    void likeIsCaseSensitive() {
        assertEquals(Truth.FALSE, like("abc%", "ABCD"));
    }

    @ParameterizedTest(name = "{0} against {1} is {2}")
    @CsvSource({
            "abc%, abcdef, TRUE", "abc%, xabc, FALSE",
            "%def, abcdef, TRUE", "%def, defx, FALSE",
            "%cd%, abcdef, TRUE", "%cd%, abdcef, FALSE",
            "a%c%e, abcde, TRUE", "a%c%e, abcdef, FALSE",
            "%a%b%c, xaybzc, TRUE", "%a%b%c, xaybzcd, FALSE",
            "_%_, ab, TRUE", "_%_, a, FALSE",
            "%b_, abc, TRUE", "%b_, abcb, FALSE",
            "a%%b, a%%b, TRUE"})
    void everyPatternShapeMatchesCorrectly(String pattern, String value, Truth expected) {
        assertEquals(expected, like(pattern, value));
    }

    @Test
    void underscoreEscapedIsLiteral() {
        // the spec's example: underscored LIKE '\_%' ESCAPE '\'
        assertEquals(Truth.TRUE, like("\\_%", '\\', "_foo"));
        assertEquals(Truth.FALSE, like("\\_%", '\\', "bar"));
        assertEquals(Truth.FALSE, like("\\_%", '\\', "x_foo"));
    }

    @Test
    void percentEscapedIsLiteral() {
        assertEquals(Truth.TRUE, like("100!%", '!', "100%"));
        assertEquals(Truth.FALSE, like("100!%", '!', "1000"));
        assertEquals(Truth.TRUE, like("%!%%", '!', "50% off"));
    }

    @Test
    void escapeCharacterEscapesItself() {
        assertEquals(Truth.TRUE, like("a!!b", '!', "a!b"));
        assertEquals(Truth.FALSE, like("a!!b", '!', "a!!b"));
    }

    @Test
    void escapeBeforeAnOrdinaryCharacterStandsForThatCharacter() {
        assertEquals(Truth.TRUE, like("!a!b", '!', "ab"));
    }

    @Test
    void wildcardCharacterMayBeTheEscape() {
        assertEquals(Truth.TRUE, like("a%%", '%', "a%"));
        assertEquals(Truth.FALSE, like("a%%", '%', "a%b"));
    }

    @Test
    void withoutEscapeClauseBackslashIsOrdinary() {
        assertEquals(Truth.TRUE, like("a\\_", "a\\x"));
        assertEquals(Truth.FALSE, like("a\\_", "a_"));
    }

    @ParameterizedTest(name = "LIKE {0}")
    @CsvSource(delimiter = '|', value = {
            "a.c|a.c|abc", "a*|a*|aaa", "[ab]|[ab]|a", "a+b?|a+b?|aab", "^x$|^x$|x", "(x)|(x)|x",
            "\\d|\\d|5", "x{2}|x{2}|xx", "$1|$1|1", "\\Q.\\E|\\Q.\\E|."})
    void regexMetacharactersStandForThemselves(String pattern, String literalMatch, String regexMatch) {
        assertEquals(Truth.TRUE, like(pattern, literalMatch));
        assertEquals(Truth.FALSE, like(pattern, regexMatch));
    }

    @Test
    void regexMetacharactersAroundWildcardsStandForThemselves() {
        assertEquals(Truth.TRUE, like("[%].*", "[abc].*"));
        assertEquals(Truth.FALSE, like("[%].*", "[abc].x"));
    }

    @Test
    void wildcardsMatchLineBreaks() {
        assertEquals(Truth.TRUE, like("a%b", "a\nb"));
        assertEquals(Truth.TRUE, like("a_b", "a\nb"));
    }

    @Test
    void underscoreMatchesOneSupplementaryCharacter() {
        assertEquals(Truth.TRUE, like("a_b", "a😀b"));
        assertEquals(Truth.FALSE, like("a__b", "a😀b"));
    }

    @Test
    void emptyPatternMatchesOnlyTheEmptyString() {
        assertEquals(Truth.TRUE, like("", ""));
        assertEquals(Truth.FALSE, like("", "a"));
    }

    @Test
    void manyPercentSignsDoNotBacktrackExponentially() {
        String value = "a".repeat(5_000);
        assertEquals(Truth.FALSE, like("%a%a%a%a%a%a%a%a%a%b", value));
        assertEquals(Truth.TRUE, like("%a%a%a%a%a%a%a%a%a%a", value));
    }

    @ParameterizedTest(name = "phone={0}: NOT LIKE '12%3' is {1}")
    @CsvSource({"123, FALSE", "12993, FALSE", "1234, TRUE"})
    void notLikeIsTheComplement(String phone, Truth expected) {
        assertEquals(expected, truth("phone NOT LIKE '12%3'", "phone", phone));
    }

    @Test
    void likeWithNullIsUnknown() {
        assertEquals(Truth.UNKNOWN, truth("s LIKE 'a%'"));
    }

    @Test
    void notLikeWithNullIsUnknown() {
        assertEquals(Truth.UNKNOWN, truth("s NOT LIKE 'a%'"));
    }

    @Test
    void nonStringValueIsFalseForLikeAndNotLike() {
        assertEquals(Truth.FALSE, truth("s LIKE '1%'", "s", 12));
        assertEquals(Truth.FALSE, truth("s NOT LIKE '1%'", "s", 22));
        assertEquals(Truth.FALSE, truth("s LIKE 'true'", "s", true));
    }

    @Test
    void likeKeywordsAreCaseInsensitive() {
        assertEquals(Truth.TRUE, truth("s like 'a!%' escape '!'", "s", "a%"));
        assertEquals(Truth.TRUE, truth("s Not Like 'a%' Escape '!'", "s", "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s LIKE 'a' ESCAPE ''", "s LIKE 'a' ESCAPE 'ab'", "s LIKE 'a' ESCAPE 5",
            "s LIKE 'a' ESCAPE x", "s LIKE 'a' ESCAPE", "s LIKE 'abc!' ESCAPE '!'"})
    void escapeMustBeOneCharacterThatEscapesSomething(String selector) {
        assertInvalid(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s LIKE 5", "s LIKE t", "s LIKE TRUE", "s LIKE NULL", "s LIKE", "s NOT LIKE 1"})
    void patternMustBeAStringLiteral(String selector) {
        assertInvalid(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'abc' LIKE 'a%'", "5 LIKE '5'", "s + 1 LIKE '5'"})
    void likeAppliesToIdentifiersOnly(String selector) {
        assertInvalid(selector);
    }
}
