package dev.doksauth.kubeconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeconfigYamlTest {

    /** Strings that a YAML 1.1 or 1.2 resolver reads as something else when they are written plain. */
    static final List<String> LOOK_ALIKES = List.of("1e3", "0x1F", "1_000", ".inf", "-.INF", ".NaN", "yes", "No", "on", "OFF",
            "y", "N", "~", "null", "Null", "012", "0o17", "0b101", "1:20", "190:20:30", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
            "true", "FALSE", "+1", "-0", "1.", ".5", "0.", "", " lead", "trail ", "a: b", "#hash", "- dash", "[x]", "{y}", "*star",
            "&amp", "!bang", "%pct", "@at", "`tick", "|pipe", ">fold", "'q'", "\"dq\"", "multi\nline", "tab\tin", "ünï©ødé ✓", "\u0007bell",
            "<<", "=", "?", "-", "0", "1", "3.14", "1e-3", "0777", "+.inf");

    private static Object load(String yaml) {
        return new Yaml(new LoaderOptions()).load(yaml);
    }

    private static String roundTrip(String yaml) throws Exception {
        return KubeconfigYaml.render(KubeconfigYaml.parse(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void stringsWeWriteReadBackAsThoseStrings() {
        for (String value : LOOK_ALIKES) {
            MappingNode map = KubeconfigYaml.mapping();
            KubeconfigYaml.put(map, "v", KubeconfigYaml.string(value));
            String yaml = KubeconfigYaml.render(map);
            assertEquals(Map.of("v", value), load(yaml), yaml);
            if (!yaml.contains("\"")) {
                // Plain only when nothing but letters, digits and . _ / - (and no YAML 1.1 word): safe under 1.2 too.
                assertTrue(yaml.matches("v: [A-Za-z/][A-Za-z0-9._/-]*\n"), yaml);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"'%s'", "\"%s\""})
    void quotedLookAlikesInTheFileStayStrings(String quoting) throws Exception {
        for (String value : LOOK_ALIKES) {
            if (value.contains("\n") || value.contains("'") || value.contains("\"") || value.contains("\u0007")) {
                continue;
            }
            String yaml = "a: " + String.format(quoting, value.replace("\t", quoting.startsWith("\"") ? "\\t" : "\t")) + "\n";
            assertEquals(load(yaml), load(roundTrip(yaml)), yaml);
        }
    }

    @Test
    void plainScalarsKeepTheirTextSoTheyReadAsBefore() throws Exception {
        String yaml = "a: 1e3\nb: 0x1F\nc: yes\nd: ~\nf: 1:20\ng: 2001-12-14\nh: .inf\ni: 1_000\nj: on\nk:\n";
        String out = roundTrip(yaml);
        for (String line : yaml.split("\n")) {
            assertTrue(out.contains(line), out);
        }
        // The emitter writes a plain octal with its tag: the same integer to every reader.
        assertEquals(load("e: 012\n"), load(roundTrip("e: 012\n")));
    }

    @Test
    void aliasesAreResolvedAndNoAnchorIsWritten() throws Exception {
        String yaml = """
                base: &ca Zm9v
                server: &api https://a.example
                clusters:
                - name: one
                  cluster: &c1 {server: *api, certificate-authority-data: *ca}
                - name: two
                  cluster: *c1
                users:
                - &u
                  name: me
                  user: {token: t}
                defaults: &d {namespace: ns, extra: [1, 2]}
                contexts:
                - name: c
                  context:
                    <<: *d
                    cluster: one
                    user: me
                """;
        String out = roundTrip(yaml);
        assertFalse(out.contains("&") || out.contains("*") || out.contains("<<"), out);
        assertEquals(load(yaml), load(out));
    }

    @Test
    void mergeKeysApplyInDocumentOrderAsGoYamlV2() throws Exception {
        String yaml = "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nm:\n  x: 0\n  <<: [*a, *b]\n  w: 9\n";
        Object m = ((Map<?, ?>) load(roundTrip(yaml))).get("m");
        // The merge comes after x: 0 and sets x; in the list the earlier mapping wins.
        assertEquals(Map.of("x", 1, "y", 1, "z", 2, "w", 9), m);
    }

    @Test
    void literalAndFoldedBlocksAndUnicodeKeepTheirContent() throws Exception {
        String yaml = "a: |\n  line one\n  line two\nb: >\n  folded\n  text\nc: \"tab\\there\"\nd: ünïcødé ✓\ne: 'it''s'\n";
        assertEquals(load(yaml), load(roundTrip(yaml)));
    }

    @Test
    void aDocumentMarkerIsFineButASecondDocumentIsRefused() throws Exception {
        assertEquals(load("a: 1\n"), load(roundTrip("---\na: 1\n...\n")));
        assertEquals(load("a: 1\n"), load(roundTrip("---\na: 1\n---\n")), "an empty second document is nothing");
        KubeconfigYaml.Refusal refusal = assertThrows(KubeconfigYaml.Refusal.class,
                () -> KubeconfigYaml.parse("a: 1\n---\nb: 2\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refusal.getMessage().contains("more than one"), refusal.getMessage());
    }

    @Test
    void duplicateKeysAreRefusedWithAPositionAndNoContent() {
        KubeconfigYaml.Refusal refusal = assertThrows(KubeconfigYaml.Refusal.class,
                () -> KubeconfigYaml.parse("users:\n- name: u\n  user:\n    token: sekrit-one\n    token: sekrit-two\n"
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(refusal.getMessage().contains("line 5"), refusal.getMessage());
        assertFalse(refusal.getMessage().contains("sekrit"), refusal.getMessage());
    }

    @Test
    void parseErrorsGiveLineAndColumnButNeverTheText() {
        for (String broken : List.of("users:\n- name: u\n  user: {token: sekrit-token\n", "a: [sekrit-x\nb: : :\n",
                "a:\n\tb: sekrit-tab\n", "a: *missing-sekrit\n", "a: &x [*x]\n")) {
            KubeconfigYaml.Refusal refusal = assertThrows(KubeconfigYaml.Refusal.class,
                    () -> KubeconfigYaml.parse(broken.getBytes(StandardCharsets.UTF_8)), broken);
            assertFalse(refusal.getMessage().contains("sekrit"), refusal.getMessage());
        }
    }

    @Test
    void tabsThatSeparateAValueAreReadAsKubectlReadsThem() throws Exception {
        String yaml = "a:\tone\nb: {c:\t\"two\", d: [x,\ty]}\ne: \"tab\tinside\"\n";
        assertEquals(Map.of("a", "one", "b", Map.of("c", "two", "d", List.of("x", "y")), "e", "tab\tinside"), load(roundTrip(yaml)));
        // A tab that indents is refused, as kubectl refuses it.
        assertThrows(KubeconfigYaml.Refusal.class, () -> KubeconfigYaml.parse("a:\n\tb: 1\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(KubeconfigYaml.Refusal.class, () -> KubeconfigYaml.parse("-\ta: 1\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void notUtf8IsRefused() {
        assertThrows(KubeconfigYaml.Refusal.class, () -> KubeconfigYaml.parse(new byte[] {'a', ':', ' ', (byte) 0xff, '\n'}));
    }

    @Test
    void anAliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        assertThrows(KubeconfigYaml.Refusal.class, () -> KubeconfigYaml.parse(yaml.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void emptyFilesAndCommentsAreNoDocument() throws Exception {
        assertNull(KubeconfigYaml.parse(new byte[0]));
        assertNull(KubeconfigYaml.parse("# only a comment\n".getBytes(StandardCharsets.UTF_8)));
    }
}
