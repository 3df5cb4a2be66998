package dev.doksauth.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JacksonTest {

    record Document(String text, Long number, Boolean flag, List<Document> items) {
    }

    record Wire(String clusterId, Wire nestedValue) implements SnakeCase {
    }

    record Own(String clusterId) {
    }

    @Test
    void aSnakeCaseRecordIsSpelledInSnakeCaseAndNoOtherIs() throws JsonException {
        assertEquals(new Wire("a", new Wire("b", null)),
                Jackson.read("{\"cluster_id\":\"a\",\"nested_value\":{\"cluster_id\":\"b\"},\"clusterId\":\"c\"}", Wire.class));
        assertEquals("{\"cluster_id\":\"a\"}", Jackson.write(new Wire("a", null)));
        assertEquals(new Own("a"), Jackson.read("{\"clusterId\":\"a\",\"cluster_id\":\"b\"}", Own.class));
        assertEquals("{\"clusterId\":\"a\"}", Jackson.write(new Own("a")));
    }

    private static Document read(String json) throws JsonException {
        return Jackson.read(json.getBytes(StandardCharsets.UTF_8), Document.class);
    }

    private static String refusal(String json) {
        return assertThrows(JsonException.class, () -> read(json)).getMessage();
    }

    @Test
    void readsWhatItIsGivenAndSkipsTheRest() throws JsonException {
        assertEquals(new Document("a\"b\u00e9\ud83d\ude00", -12L, true, List.of(new Document(null, null, null, null))),
                read("{\"text\":\"a\\\"b\u00e9\\ud83d\\ude00\",\"number\":-12,\"flag\":true,\"items\":[{}],"
                        + "\"other\":{\"n\":1e99999999999,\"m\":123456789012345678901234567890}}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"text\":42}|member 'text' is not of the expected type",
        "{\"text\":[\"t\"]}|member 'text' is not of the expected type",
        "{\"text\":{}}|member 'text' is not of the expected type",
        "{\"number\":1.5}|member 'number' is not of the expected type",
        "{\"number\":\"1\"}|member 'number' is not of the expected type",
        "{\"flag\":1}|member 'flag' is not of the expected type",
        "{\"flag\":\"true\"}|member 'flag' is not of the expected type",
        "{\"items\":[42]}|member 'items[0]' is not of the expected type",
        "{\"text\":\"t\",\"text\":\"u\"}|a member named twice",
        "{}{}|text after the value",
        "{} x|not JSON (at offset 4)",
        "{\"a\":1,}|not JSON (at offset 7)",
        "{'a':1}|not JSON (at offset 1)",
        "[]|not a JSON object of the expected shape",
        "42|not a JSON object of the expected shape",
        "null|null, not a JSON object",
    })
    void refusesWhatIsNotTheDocumentWithWordsThatQuoteNothing(String json, String expected) {
        assertEquals(expected, refusal(json));
    }

    @Test
    void limitsAreJacksonsOwn() {
        assertEquals("nested too deep (more than 32 levels)", refusal("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"));
        assertEquals("a number longer than 100 characters", refusal("{\"a\":1" + "0".repeat(Jackson.MAX_NUMBER_LENGTH) + "}"));
        assertEquals("longer than 8 MiB", refusal("{\"text\":\"" + "x".repeat(Jackson.MAX_DOCUMENT_CHARS) + "\"}"));
    }

    @Test
    void onlyUtf8WithoutAByteOrderMark() {
        assertEquals("not UTF-8 text", assertThrows(JsonException.class, () -> Jackson.read(
                new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'}, Document.class)).getMessage());
        assertEquals("not UTF-8 text", assertThrows(JsonException.class, () -> Jackson.read(
                "{}".getBytes(StandardCharsets.UTF_16), Document.class)).getMessage());
        assertEquals("not JSON (a byte order mark)", refusal("\ufeff{}"));
    }

    @Test
    void writesAsTheHitPathQuotes() {
        String hostile = "a\u001b[2Jb\u007fc\u009bd\u202ee\u2066f\u200bg\u2028h\ud800i \ud83d\ude00 caf\u00e9\b\f";
        String written = Jackson.write(new Document(hostile, null, null, null));
        assertEquals("{\"text\":" + Json.quote(hostile) + "}", written, "escaped as Json.quote does; nulls left out");
        assertTrue(written.replace("\u00e9", "").chars().allMatch(c -> c >= 0x20 && c < 0x7f), written);
    }
}
