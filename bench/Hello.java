/** The JVM floor: the least a Java program does, printing one line, on doks-auth's runtime and flags. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("{\"kind\":\"ExecCredential\"}");
    }
}
