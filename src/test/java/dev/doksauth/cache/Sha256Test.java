package dev.doksauth.cache;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {

    @Test
    void knownAnswers() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
    }

    @Test
    void agreesWithMessageDigestAcrossBlockBoundaries() throws Exception {
        Random random = new Random(42);
        for (int length = 0; length < 300; length++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0xe9 + random.nextInt(300)));
            }
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            assertEquals(HexFormat.of().formatHex(expected), Sha256.hex(text.toString()), "length " + length);
        }
    }
}
