package vigil.sentinel.peers;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Hazelcast's discovery SPI fed by sentinel hellos: {@link #discoverNodes} returns what the
 * {@link PeerDirectory} holds right now. Hazelcast asks at join time and again on every split-brain
 * merge round, so a peer heard of later is merged into the group within a merge period.
 */
final class HelloDiscoveryStrategy extends AbstractDiscoveryStrategy {
    private final PeerDirectory directory;

    HelloDiscoveryStrategy(PeerDirectory directory, ILogger logger, Map<String, Comparable> properties) {
        super(logger, properties);
        this.directory = directory;
    }

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
        List<DiscoveryNode> nodes = new ArrayList<>();
        for (Address a : directory.addresses()) nodes.add(new SimpleDiscoveryNode(a));
        return nodes;
    }

    /** Hands Hazelcast a strategy bound to one directory (one per sentinel, several may share a JVM). */
    static final class Factory implements DiscoveryStrategyFactory {
        private final PeerDirectory directory;

        Factory(PeerDirectory directory) {
            this.directory = directory;
        }

        @Override
        public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
            return HelloDiscoveryStrategy.class;
        }

        @Override
        public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode node, ILogger logger, Map<String, Comparable> properties) {
            return new HelloDiscoveryStrategy(directory, logger, properties);
        }

        @Override
        public Collection<PropertyDefinition> getConfigurationProperties() {
            return List.of();
        }
    }
}
