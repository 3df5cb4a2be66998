package dev.doksauth.api;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * base64 of PEM, as the API sends certificates and keys, checked before it goes into a kubeconfig or an
 * ExecCredential: strict base64, then PEM blocks (RFC 7468) and nothing else, whose contents parse.
 */
final class Pem {

    /** Thrown for data that is not what it should be; the message says what is wrong, never the data. */
    static final class InvalidPemException extends Exception {
        InvalidPemException(String what) {
            super(what);
        }
    }

    private record Block(String label, byte[] der) {
    }

    private Pem() {
    }

    /** The PEM text of one or more X.509 certificates, each of which parses. */
    static String certificates(String base64) throws InvalidPemException {
        String text = decode(base64);
        List<Block> blocks = blocks(text);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks) {
                if (!block.label().equals("CERTIFICATE")) {
                    throw new InvalidPemException("PEM of " + block.label() + ", not of a certificate");
                }
                factory.generateCertificate(new ByteArrayInputStream(block.der()));
            }
        } catch (CertificateException e) {
            throw new InvalidPemException("PEM of a certificate that does not parse");
        }
        return text;
    }

    /** The PEM text of one private key (PKCS #8, PKCS #1 or SEC 1) whose content is one DER sequence. */
    static String privateKey(String base64) throws InvalidPemException {
        String text = decode(base64);
        List<Block> blocks = blocks(text);
        if (blocks.size() != 1 || !blocks.get(0).label().endsWith("PRIVATE KEY")) {
            throw new InvalidPemException("not PEM of one private key");
        }
        if (!isDerSequence(blocks.get(0).der())) {
            throw new InvalidPemException("PEM of a private key that does not parse");
        }
        return text;
    }

    /** PEM text as base64 in the one form every reader takes: standard alphabet, padded, no line breaks. */
    static String canonicalBase64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** Strict base64 (line breaks allowed, as a MIME encoder writes them) of ASCII text. */
    private static String decode(String base64) throws InvalidPemException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(withoutLineBreaks(base64));
        } catch (IllegalArgumentException e) {
            throw new InvalidPemException("not base64");
        }
        for (byte b : bytes) {
            if ((b < 0x20 || b > 0x7e) && b != '\n' && b != '\r' && b != '\t') {
                throw new InvalidPemException("not PEM (it holds bytes PEM text never has)");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String withoutLineBreaks(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The PEM blocks of the text; anything but blank lines between them is refused. */
    private static List<Block> blocks(String text) throws InvalidPemException {
        List<Block> blocks = new ArrayList<>();
        String label = null;
        StringBuilder body = null;
        for (String rawLine : text.split("\n", -1)) {
            String line = rawLine.strip();
            if (label == null) {
                if (line.isEmpty()) {
                    continue;
                }
                if (!line.startsWith("-----BEGIN ") || !line.endsWith("-----") || line.length() <= 16) {
                    throw new InvalidPemException("not PEM");
                }
                label = line.substring(11, line.length() - 5);
                body = new StringBuilder();
            } else if (line.equals("-----END " + label + "-----")) {
                try {
                    blocks.add(new Block(label, Base64.getDecoder().decode(body.toString())));
                } catch (IllegalArgumentException e) {
                    throw new InvalidPemException("PEM whose " + label + " block is not base64");
                }
                label = null;
            } else if (line.startsWith("-----")) {
                throw new InvalidPemException("PEM with a block that does not end");
            } else {
                body.append(line);
            }
        }
        if (label != null) {
            throw new InvalidPemException("PEM with a block that does not end");
        }
        if (blocks.isEmpty()) {
            throw new InvalidPemException("not PEM");
        }
        return blocks;
    }

    /** Whether the bytes are exactly one DER SEQUENCE: its tag, and a length that covers the rest. */
    private static boolean isDerSequence(byte[] der) {
        if (der.length < 2 || der[0] != 0x30) {
            return false;
        }
        int first = der[1] & 0xff;
        if (first < 0x80) {
            return der.length == 2 + first;
        }
        int count = first & 0x7f;
        if (count == 0 || count > 4 || der.length < 2 + count) {
            return false;
        }
        long length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (der[2 + i] & 0xff);
        }
        return der.length == 2 + count + length;
    }
}
