package dev.doksauth.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhrasesTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u001b[2J\u001b]0;title\u0007", "a\rb\nc\td\bе", "\u009b31m\u0085\u007f", "\u202eevil\u202c\u2066\u2069\u061c",
        "\u200b\u200e\u200f\ufeff", "\u2028\u2029", "\ud800x\udc00", "\ue000\udb80\udc00"})
    void nothingATerminalWouldObeyGetsThrough(String hostile) {
        String shown = Phrases.printable(hostile);
        assertTrue(shown.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.LINE_SEPARATOR
                && Character.getType(c) != Character.PARAGRAPH_SEPARATOR && Character.getType(c) != Character.SURROGATE
                && Character.getType(c) != Character.PRIVATE_USE), shown);
    }

    @Test
    void escapesShowAsTextAndPrintableTextStays() {
        assertEquals("?[31mred?[0m", Phrases.printable("\u001b[31mred\u001b[0m"));
        assertEquals("café 東京 😀", Phrases.printable("café 東京 😀"));
        assertEquals("", Phrases.printable(null));
    }

    @Test
    void longValuesAreCut() {
        assertEquals("x".repeat(80) + "...", Phrases.printable("x".repeat(10_000)));
        assertEquals("xxxxx...", Phrases.printable("x".repeat(6), 5));
        assertEquals("xxxxx", Phrases.printable("x".repeat(5), 5));
    }

    @Test
    void aDirectoryReadAsAFileIsSaidInWords() {
        assertEquals("it is a directory, not a file", Phrases.describe(new java.io.IOException("Is a directory")));
        assertEquals("it is a directory, not a file", Phrases.describe(
                new java.nio.file.FileSystemException("/tmp/x", null, "Is a directory")));
        assertEquals("NoSuchFile (/tmp/x)", Phrases.describe(new java.nio.file.NoSuchFileException("/tmp/x")));
    }
}
