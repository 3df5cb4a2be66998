package dev.doksauth.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache-hit path's small, strict JSON (RFC 8259) reader, for its own two inputs only: its cache entry
 * and {@code KUBERNETES_EXEC_INFO}. Everything else reads and writes JSON with {@link Jackson}, which costs a
 * hit 7-9 ms to load. Also the string quoting of the hit's ExecCredential, the same as Jackson's.
 *
 * <p>Objects become {@link JsonObject}, arrays {@link List}, numbers {@link Long} when integral
 * and in range, else {@link Double}; strings, booleans and null as themselves.
 */
public final class Json {

    /** Deeper than any document we read: a bound, so that hostile nesting ends in an error, not a stack overflow. */
    public static final int MAX_DEPTH = 32;
    /** Longer than any number a document of ours holds (a long has 19 digits). */
    public static final int MAX_NUMBER_LENGTH = 100;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    static Object parse(String text) throws JsonException {
        Json reader = new Json(text);
        reader.skipWhitespace();
        Object value = reader.readValue(0);
        reader.skipWhitespace();
        if (reader.pos != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    /** Parses text that must be a JSON object. */
    public static JsonObject parseObject(String text) throws JsonException {
        Object value = parse(text);
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new JsonException("not a JSON object");
    }

    private Object readValue(int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw error("nested too deep");
        }
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return readObject(depth);
            case '[':
                return readArray(depth);
            case '"':
                return readString();
            case 't':
                expectWord("true");
                return Boolean.TRUE;
            case 'f':
                expectWord("false");
                return Boolean.FALSE;
            case 'n':
                expectWord("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected character");
        }
    }

    private JsonObject readObject(int depth) throws JsonException {
        pos++; // {
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = readValue(depth + 1);
            if (members.containsKey(name)) {
                throw error("duplicate member");
            }
            members.put(name, value);
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return new JsonObject(members);
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> readArray(int depth) throws JsonException {
        pos++; // [
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return items;
        }
        while (true) {
            skipWhitespace();
            items.add(readValue(depth + 1));
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return items;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String readString() throws JsonException {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case '/': out.append('/'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u': out.append(readHexChar()); break;
                default: throw error("bad escape");
            }
        }
    }

    private char readHexChar() throws JsonException {
        if (pos + 4 > text.length()) {
            throw error("unexpected end");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos++), 16);
            if (digit < 0) {
                throw error("bad \\u escape");
            }
            value = value * 16 + digit;
        }
        return (char) value;
    }

    private Object readNumber() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("bad number");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("bad number");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("bad number");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        String literal = text.substring(start, pos);
        if (integral && literal.length() <= 18) {
            return Long.parseLong(literal);
        }
        return Double.parseDouble(literal);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void expectWord(String word) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word");
        }
        pos += word.length();
    }

    private void expect(char c) throws JsonException {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() throws JsonException {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos++);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonException error(String what) {
        return new JsonException(what + " at offset " + pos);
    }

    /**
     * A JSON string literal for {@code value}, quotes included, escaped as {@link Jackson} escapes: besides what
     * RFC 8259 requires, every character {@link #mustEscape} names.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || mustEscape(c)) {
                        out.append(unicodeEscape(c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Whether a character from DEL up is written as a {@code \\u} escape: every one a terminal would act on
     * (DEL, C1 controls, bidi and other format characters, line and paragraph separators), and surrogates (a
     * lone one is not text; a pair reads back the same escaped). The JSON reads back the same, and printing it
     * shows the escape instead of obeying it.
     */
    public static boolean mustEscape(char c) {
        if (c < 0x7f) {
            return false;
        }
        if (Character.isSurrogate(c)) {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return true;
            default:
                return false;
        }
    }

    /** {@code \\u} and four lower-case hex digits. */
    public static String unicodeEscape(char c) {
        String hex = Integer.toHexString(c);
        return "\\u" + "0".repeat(4 - hex.length()) + hex;
    }
}
