package vigil.server.support;

import vigil.config.ConfFile;
import vigil.server.config.ServerConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/** A node's configuration read from a conf file the test writes (so CONFIG REWRITE has a file to rewrite). */
public final class TestConfs {
    private TestConfs() {
    }

    /** Writes {@code text} to {@code conf} and loads it, with {@code configFile} set to it. */
    public static ServerConfig load(Path conf, String text) throws Exception {
        Files.writeString(conf, text);
        ServerConfig config = new ServerConfig();
        config.load(ConfFile.read(conf));
        config.configFile = conf.toString();
        return config;
    }
}
