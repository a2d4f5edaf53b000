package vigil.sentinel.ops;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * compose.yaml cannot be run here (no Docker engine), so this reads it and checks that everything
 * it names exists and agrees with conf/: one service per conf file, 1:1 published ports equal to
 * the confs' ports, the shared network namespace the 127.0.0.1 addresses rely on, bind mounts of
 * real repository folders at the same relative paths, the jars the poms build, and the entry
 * script, run in dry-run mode, writing the working copy the container needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileTest {
    private static final Pattern PORT = Pattern.compile("(?m)^port (\\d+)$");
    private Path root;
    private Map<String, Object> compose;
    private Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void read() throws IOException {
        root = Repo.root();
        compose = new Yaml().load(Files.readString(root.resolve("compose.yaml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        assertNotNull(services, "compose.yaml has services");
    }

    private Set<String> confNames() throws IOException {
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(root.resolve("conf"))) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".conf"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 5)));
        }
        return names;
    }

    private int confPort(String name) throws IOException {
        Matcher m = PORT.matcher(Files.readString(root.resolve("conf/" + name + ".conf")));
        assertTrue(m.find(), name + " has a port line");
        return Integer.parseInt(m.group(1));
    }

    @Test
    void oneServicePerConfFilePlusTheNamespaceHolder() throws IOException {
        Set<String> expected = new TreeSet<>(confNames());
        assertEquals(6, expected.size(), "three node and three sentinel confs: " + expected);
        expected.add("net");
        assertEquals(expected, new TreeSet<>(services.keySet()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProcessRunsItsOwnConfInTheSharedNamespace() throws IOException {
        for (String name : confNames()) {
            Map<String, Object> s = services.get(name);
            assertEquals("service:net", s.get("network_mode"), name);
            assertTrue(((List<String>) s.get("depends_on")).contains("net"), name);
            List<String> command = (List<String>) s.get("command");
            String kind = name.startsWith("sentinel-") ? "sentinel" : "node";
            assertEquals(List.of(kind, name), command, name);
            assertEquals(List.of("sh", "/vigil/docker/vigil-entry.sh"), s.get("entrypoint"), name);
            assertEquals("eclipse-temurin:17-jre", s.get("image"), name);
            String announce = String.valueOf(((Map<String, Object>) s.get("environment")).get("VIGIL_ANNOUNCE_IP"));
            assertTrue(announce.endsWith(":-127.0.0.1}"), name + " announces 127.0.0.1 by default: " + announce);
        }
        assertTrue(((Map<String, Object>) services.get("net")).get("ports") != null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishedPortsAreTheConfsPortsOneToOneOnLoopback() throws IOException {
        Set<String> want = new TreeSet<>();
        for (String name : confNames()) {
            int p = confPort(name);
            want.add("127.0.0.1:" + p + ":" + p);
            assertTrue(name.endsWith("-" + p), name + " is named after its port " + p);
        }
        assertEquals(want, new TreeSet<>((List<String>) services.get("net").get("ports")));
        for (String name : confNames()) {
            assertTrue(services.get(name).get("ports") == null, name + " publishes through net, not itself");
        }
    }

    @Test
    void confAddressesPointAtServicesOfThisFile() throws IOException {
        Set<Integer> nodePorts = new TreeSet<>();
        for (String name : confNames()) if (name.startsWith("node-")) nodePorts.add(confPort(name));
        Pattern replicaof = Pattern.compile("(?m)^replicaof (\\S+) (\\d+)$");
        Pattern monitor = Pattern.compile("(?m)^sentinel monitor mymaster (\\S+) (\\d+) (\\d+)$");
        int replicas = 0;
        for (String name : confNames()) {
            String text = Files.readString(root.resolve("conf/" + name + ".conf"));
            Matcher m = (name.startsWith("node-") ? replicaof : monitor).matcher(text);
            if (!m.find()) continue;
            assertEquals("127.0.0.1", m.group(1), name);
            assertTrue(nodePorts.contains(Integer.parseInt(m.group(2))), name + " points at a node service");
            if (name.startsWith("node-")) replicas++;
            else assertEquals("2", m.group(3), name + " quorum");
        }
        assertEquals(2, replicas, "two nodes start as replicas");
    }

    @Test
    @SuppressWarnings("unchecked")
    void bindMountsAreRepositoryFoldersAtTheSameRelativePaths() throws IOException {
        Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
        for (String name : confNames()) {
            List<String> mounts = (List<String>) services.get(name).get("volumes");
            boolean data = false;
            for (String v : mounts) {
                String[] parts = v.split(":");
                if (parts[0].startsWith("./")) {
                    String rel = parts[0].substring(2);
                    assertEquals("/vigil/" + rel, parts[1], v + ": the repository layout under /vigil");
                    assertEquals("ro", parts[2], v + " is read-only");
                    Path host = root.resolve(rel);
                    // target/ folders are the build's output: present once built; the poms must build them
                    assertTrue(Files.isDirectory(host) || rel.endsWith("/target"), v + ": no " + host);
                } else {
                    assertTrue(volumes.containsKey(parts[0]), v + " names a declared volume");
                    assertEquals("/data", parts[1], v);
                    data = true;
                }
            }
            assertTrue(data, name + " keeps its working copy on a volume");
        }
        String server = Files.readString(root.resolve("server/pom.xml"));
        String sentinel = Files.readString(root.resolve("sentinel/pom.xml"));
        assertTrue(server.contains("<finalName>vigil-server</finalName>"), "server pom builds target/vigil-server.jar");
        assertTrue(sentinel.contains("<finalName>vigil-sentinel</finalName>"), "sentinel pom builds target/vigil-sentinel.jar");
    }

    @Test
    void entryScriptWritesTheContainerWorkingCopy(@TempDir Path data) throws Exception {
        for (String name : confNames()) {
            String kind = name.startsWith("sentinel-") ? "sentinel" : "node";
            String out = runEntry(data, kind, name);
            String jar = kind.equals("node") ? "server/target/vigil-server.jar" : "sentinel/target/vigil-sentinel.jar";
            assertTrue(out.startsWith("java ") && out.contains(" -Xmx256m -jar " + root.resolve(jar) + " "
                    + data.resolve(name).resolve(name + ".conf")), out);
            String copy = Files.readString(data.resolve(name).resolve(name + ".conf"));
            String original = Files.readString(root.resolve("conf/" + name + ".conf"));
            assertTrue(copy.endsWith("dir \"" + data.resolve(name) + "\"\nbind *\nprotected-mode no\n"
                    + (kind.equals("node") ? "replica-announce-ip" : "sentinel announce-ip") + " 127.0.0.1\n"), copy);
            for (String d : List.of("dir ", "bind ", "protected-mode ", "replica-announce-ip ", "sentinel announce-ip ")) {
                assertTrue(copy.lines().filter(l -> l.startsWith(d)).count() <= 1, "one " + d + "line: " + copy);
            }
            List<String> kept = original.lines().filter(l -> !l.matches(
                    "^(dir|bind|protected-mode|replica-announce-ip|sentinel announce-ip) .*")).toList();
            assertEquals(kept, copy.lines().skip(1).limit(kept.size()).toList());
        }
        // a second start keeps the (since rewritten) copy
        Path copy = data.resolve("sentinel-26379").resolve("sentinel-26379.conf");
        Files.writeString(copy, "rewritten by the sentinel\n");
        runEntry(data, "sentinel", "sentinel-26379");
        assertEquals("rewritten by the sentinel\n", Files.readString(copy));
    }

    private String runEntry(Path data, String kind, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", root.resolve("docker/vigil-entry.sh").toString(), kind, name));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.putAll(new HashMap<>(Map.of("VIGIL_HOME", root.toString(), "VIGIL_DATA", data.toString(),
                "VIGIL_ENTRY_DRY_RUN", "1", "VIGIL_JAVA_OPTS", "-Xmx256m")));
        env.remove("VIGIL_ANNOUNCE_IP");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
