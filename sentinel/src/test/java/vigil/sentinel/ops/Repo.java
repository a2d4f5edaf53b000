package vigil.sentinel.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the repository's operational files (bin/, conf/, compose.yaml) are, seen from the sentinel
 * module's tests, plus the small helpers the tests of those files share: their contents as a
 * snapshot, free port ranges, and the command line that runs a node or a sentinel from the test
 * classpath (so the tests need no packaged jar, which does not exist yet when the sentinel
 * module's tests run).
 */
final class Repo {
    private Repo() {
    }

    /** The repository root: the first ancestor of the working directory holding bin/vigil-ha. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("bin/vigil-ha")) && Files.isDirectory(d.resolve("conf"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (bin/vigil-ha) above " + p);
    }

    /** Every file under {@code dir} (relative name -> bytes as text), to compare before and after. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(f).toString(), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A first port such that it and the next {@code n - 1} ports can all be bound on 127.0.0.1. */
    static int freeRange(int n) {
        return freeRange(n, 0);
    }

    /**
     * Like {@link #freeRange(int)}, and the same ports + {@code offset} are free too (a Vigil
     * sentinel's peer group listens on its port + 10000).
     */
    static int freeRange(int n, int offset) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 500; attempt++) {
            int base = 20000 + random.nextInt(65535 - 20000 - offset - n);
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                ok = bindable(base + i) && (offset == 0 || bindable(base + i + offset));
            }
            if (ok) return base;
        }
        throw new IllegalStateException("no " + n + " consecutive free ports");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The test JVM's own classpath (surefire passes it in surefire.test.class.path). */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** A command line ("java ... Main"), split on spaces by bin/vigil-ha, that runs {@code mainClass}. */
    static String javaCommand(String mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = classpath();
        if (cp.contains(" ")) throw new IllegalStateException("classpath with a space: " + cp);
        // small, fast-starting JVMs (six of them share the test machine), logging at INFO as the
        // packaged jars do (logback.xml), not at the tests' WARN (logback-test.xml comes first)
        return java + " -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlogback.configurationFile=logback.xml -cp "
                + cp + " " + mainClass;
    }
}
