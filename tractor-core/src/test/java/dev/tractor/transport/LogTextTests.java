package dev.tractor.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LogText} makes peer-supplied text safe for a log line: nothing in it can end the line or disguise
 * what follows, printable text of any script stays as it is, and it is cut at {@link LogText#MAX_CHARS} characters
 * saying how many were left out.
 */
class LogTextTests {

    @Test
    void lineBreaksTabsAndBackslashesAreEscaped() {
        assertThat(LogText.clean("a\nb\rc\td\\e")).isEqualTo("a\\nb\\rc\\td\\\\e");
        // an escaped sequence the peer wrote itself cannot pass for one LogText made
        assertThat(LogText.clean("fake\\nline")).isEqualTo("fake\\\\nline");
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({
            "0000, NUL",
            "0007, bell",
            "001b, escape (starts terminal colour codes)",
            "007f, delete",
            "0085, next line (C1)",
            "200e, left-to-right mark (format)",
            "202e, right-to-left override (format)",
            "2066, left-to-right isolate (format)",
            "feff, byte order mark (format)",
            "2028, line separator",
            "2029, paragraph separator"})
    void controlAndInvisibleCharactersAreEscapedAsUnicodeEscapes(String hex, String what) {
        char c = (char) Integer.parseInt(hex, 16);
        assertThat(LogText.clean("a" + c + "b")).as(what).isEqualTo("a\\u" + hex + "b");
    }

    @Test
    void printableTextOfAnyScriptStaysAsItIs() {
        String text = "acteur-é 漢字 Ωμέγα 😀 \"quoted\" 'single' <tag> ${jndi:x} %s {}";
        assertThat(LogText.clean(text)).isEqualTo(text);
    }

    @Test
    void textIsCutAtTheLimitSayingHowMuchWasLeftOut() {
        String limit = "x".repeat(LogText.MAX_CHARS);
        assertThat(LogText.clean(limit)).isEqualTo(limit);
        assertThat(LogText.clean(limit + "y")).isEqualTo(limit + "… (1 more characters)");
        assertThat(LogText.clean("z".repeat(1 << 20))).isEqualTo("z".repeat(LogText.MAX_CHARS) + "… ("
                + ((1 << 20) - LogText.MAX_CHARS) + " more characters)");
    }

    @Test
    void theCutIsMadeBeforeEscapingSoEscapesCanAtMostMultiplyTheShownPart() {
        String cleaned = LogText.clean("\n".repeat(10_000));
        assertThat(cleaned).isEqualTo("\\n".repeat(LogText.MAX_CHARS) + "… (" + (10_000 - LogText.MAX_CHARS)
                + " more characters)");
        String worst = LogText.clean("\u0000".repeat(10_000));
        assertThat(worst).doesNotContain("\u0000").hasSizeLessThan(6 * LogText.MAX_CHARS + 40);
    }

    @Test
    void anythingIsShownByItsStringForm() {
        assertThat(LogText.clean(null)).isEqualTo("null");
        assertThat(LogText.clean(new Object() {
            @Override
            public String toString() {
                return "line one\nline two";
            }
        })).isEqualTo("line one\\nline two");
        assertThat(LogText.clean("")).isEmpty();
    }
}
