package dev.doksauth.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one configured Jackson mapper: every JSON doks-auth reads or writes off the cache-hit path goes through it.
 * The cache-hit path never loads this class's mapper (Jackson costs a hit 7-9 ms): it has {@link Json}.
 *
 * <p>Reading is strict: a duplicate member, nesting deeper than {@value #MAX_DEPTH}, a number longer than
 * {@value #MAX_NUMBER_LENGTH} characters, a document longer than {@link #MAX_DOCUMENT_CHARS}, text after the
 * value, a value of the wrong type (no coercion: {@code 42} is not a string, {@code "true"} not a boolean,
 * {@code 1.5} not a whole number), or bytes that are not UTF-8 are all refused. Members we do not read are
 * skipped (the API adds fields); their numbers are never converted.
 *
 * <p>A record that implements {@link SnakeCase} is read and written with its names in snake_case.
 *
 * <p>Writing escapes, beside what JSON requires, every character a terminal would act on ({@link Json#mustEscape}),
 * so that printed output shows escapes instead of obeying them and reads back the same.
 */
public final class Jackson {

    /** The small reader's bounds: one rule for both readers. */
    public static final int MAX_DEPTH = Json.MAX_DEPTH;
    public static final int MAX_NUMBER_LENGTH = Json.MAX_NUMBER_LENGTH;
    /** Longer than any document we read (a cache entry is at most 8 MiB, an API answer 4 MiB). */
    public static final int MAX_DOCUMENT_CHARS = 8 << 20;

    private Jackson() {
    }

    /** Created on first use: commands that never touch JSON (help, --version) pay nothing for it. */
    private static final class Holder {
        static final ObjectMapper MAPPER = create();
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    static ObjectMapper create() {
        JsonFactory factory = new JsonFactoryBuilder()
                .characterEscapes(new TerminalSafeEscapes())
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxDocumentLength(MAX_DOCUMENT_CHARS)
                        .maxStringLength(MAX_DOCUMENT_CHARS)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Messages never quote the document: it may hold secrets.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .propertyNamingStrategy(new SnakeCaseWhereMarked())
                // Absent rather than null: what the ExecCredential and cache entry writers of the hit path do.
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Reads bytes that must be UTF-8 (RFC 8259 section 8.1) holding one {@code type}; a byte order mark is
     * refused, as the RFC allows. The bytes are decoded here, strictly, because Jackson would take UTF-16 or
     * UTF-32 for what it detects.
     *
     * @throws JsonException whose message describes the shape, never the content
     */
    public static <T> T read(byte[] utf8, Class<T> type) throws JsonException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not UTF-8 text");
        }
        return read(text, type);
    }

    /** Reads text holding one {@code type}, as {@link #read(byte[], Class)}. */
    public static <T> T read(String text, Class<T> type) throws JsonException {
        if (text.startsWith("\ufeff")) {
            throw new JsonException("not JSON (a byte order mark)");
        }
        T value;
        try {
            value = mapper().readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new JsonException(describe(e));
        }
        if (value == null) {
            throw new JsonException("null, not a JSON object");
        }
        return value;
    }

    /** One line of JSON. */
    public static String write(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Indented JSON, for people. */
    public static String writeIndented(Object value) {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** What is wrong, in a few words that quote nothing of the document. */
    static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String message = String.valueOf(e.getOriginalMessage());
            if (message.contains("nesting depth")) {
                return "nested too deep (more than " + MAX_DEPTH + " levels)";
            }
            if (message.startsWith("Number")) {
                return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
            }
            return "longer than " + (MAX_DOCUMENT_CHARS >> 20) + " MiB";
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Trailing token")) {
            return "text after the value";
        }
        if (message.startsWith("Duplicate field")) {
            return "a member named twice";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String path = path(mismatch);
            return path.isEmpty() ? "not a JSON object of the expected shape" : "member '" + path + "' is not of the expected type";
        }
        if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof IllegalArgumentException check) {
            return check.getMessage(); // a record's own check: its message names the member, never the value
        }
        return "not JSON (" + (e.getLocation() == null ? "unreadable" : "at offset " + e.getLocation().getCharOffset()) + ")";
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson's snake_case names for the members of a {@link SnakeCase} record; every other type keeps its names. */
    private static final class SnakeCaseWhereMarked extends PropertyNamingStrategy {
        private static final long serialVersionUID = 1L;
        private static final PropertyNamingStrategies.NamingBase SNAKE_CASE = new PropertyNamingStrategies.SnakeCaseStrategy();

        private static String name(AnnotatedMember member, String name) {
            return SnakeCase.class.isAssignableFrom(member.getDeclaringClass()) ? SNAKE_CASE.translate(name) : name;
        }

        @Override
        public String nameForField(MapperConfig<?> config, AnnotatedField field, String name) {
            return name(field, name);
        }

        @Override
        public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String name) {
            return name(method, name);
        }

        @Override
        public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String name) {
            return name(method, name);
        }

        @Override
        public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter parameter, String name) {
            return name(parameter, name);
        }
    }

    /** Escapes what {@link Json#mustEscape} names; surrogates always, so that a lone one never reaches the output. */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch <= 0xffff && Json.mustEscape((char) ch) ? new SerializedString(Json.unicodeEscape((char) ch)) : null;
        }
    }
}
