package dev.doksauth.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void readsObjectsWithEveryKindOfValue() throws JsonException {
        JsonObject o = Json.parseObject(" {\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\", \"n\":-12, \"d\":1.5e3, \"t\":true, "
                + "\"f\":false, \"z\":null, \"a\":[1,\"x\",{}], \"o\":{\"k\":\"v\"}}\n");
        assertEquals("a\"b\\c\né😀", o.string("s"));
        assertEquals(-12L, o.number("n"));
        assertNull(o.string("z"));
        assertNull(o.number("missing"));
        assertEquals("v", o.object("o").string("k"));
        assertEquals(List.of(1L, "x"), ((List<?>) Json.parse("[1,\"x\"]")));
        assertEquals(1500.0, Json.parse("1.5e3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "{\"a\":1,}", "[1,]", "{'a':1}", "{\"a\":1} x", "01", "-", "1.",
        "\"\\x\"", "\"a\nb\"", "{\"a\":1,\"a\":2}", "tru", "nul", "\"\\u12\"", "{\"a\" 1}"})
    void rejectsWhatIsNotJson(String text) {
        assertThrows(JsonException.class, () -> Json.parse(text));
    }

    @Test
    void rejectsDeepNestingInsteadOfOverflowingTheStack() {
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(10_000)));
    }

    @Test
    void typedAccessorsRejectTheWrongShape() throws JsonException {
        JsonObject o = Json.parseObject("{\"n\":\"12\",\"s\":12}");
        assertThrows(JsonException.class, () -> o.number("n"));
        assertThrows(JsonException.class, () -> o.string("s"));
        assertThrows(JsonException.class, () -> o.object("s"));
        assertThrows(JsonException.class, () -> o.bool("s"));
        assertThrows(JsonException.class, () -> Json.parseObject("[1]"));
        assertThrows(JsonException.class, () -> Json.parseObject("{\"f\":1.5}").number("f"));
    }

    @Test
    void quoteRoundTripsEveryCharacter() throws JsonException {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            if (!Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        assertEquals(all.toString(), Json.parse(Json.quote(all.toString())));
    }

    @Test
    void quoteEscapesEverythingATerminalWouldObey() throws JsonException {
        String hostile = "a\u001b[2Jb\u007fc\u009bd\u202ee\u2066f\u200bg\u2028h\ud800i";
        String quoted = Json.quote(hostile);
        assertTrue(quoted.chars().allMatch(c -> c >= 0x20 && c < 0x7f), quoted);
        assertEquals("\"a\\u001b[2Jb\\u007fc\\u009bd\\u202ee\\u2066f\\u200bg\\u2028h\\ud800i\"", quoted);
        assertEquals(hostile, Json.parse(quoted));
        assertEquals("\"caf\u00e9\"", Json.quote("caf\u00e9"), "printable text stays as it is");
        assertEquals("\"\\ud83d\\ude00\"", Json.quote("\ud83d\ude00"), "a surrogate pair is escaped, and reads back the same");
    }

    @Test
    void numbersAreBounded() throws JsonException {
        assertThrows(JsonException.class, () -> Json.parse("1".repeat(Json.MAX_NUMBER_LENGTH + 1)));
        assertEquals(1e300, Json.parse("1e300"));
        assertThrows(JsonException.class, () -> Json.parse("\ufeff{}"), "a byte order mark");
    }
}
