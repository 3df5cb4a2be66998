package dev.doksauth.demo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/demo-sso.sh, as a newcomer runs it: a cluster that requires SSO, signed in to through BROWSER, no DigitalOcean token. */
class DemoSsoIT {

    @Test
    void theSsoDemoSignsInOnceThenServesTheCacheThenSignsInAgainAfterLogout() throws Exception {
        String output = DemoIT.runDemo("examples/demo-sso.sh");
        assertEquals(3, output.split("hello-doks", -1).length - 1, "three kubectl commands listed the pod: " + output);
        assertTrue(output.contains("email:        alice@example.com") && output.contains("team roles:   Owner"), output);
        assertTrue(output.contains("asked to sign in 2 time(s)"), "once, then once after logout: " + output);
        assertTrue(output.contains("rejected 0") && output.contains("minted 0 credential(s)"), output);
    }
}
