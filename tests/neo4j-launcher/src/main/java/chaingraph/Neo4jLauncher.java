package chaingraph;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * A Neo4j Community server for chaingraph's tests and benchmark.
 *
 * Bolt listens on 127.0.0.1 only, on a free port; auth is on, with the password taken from env
 * CHAINGRAPH_NEO4J_PASSWORD (never argv, so `ps` does not show it); data lives in env
 * CHAINGRAPH_NEO4J_HOME (kept, so a killed server restarts on it) or else in a fresh temp dir
 * (deleted on exit); page cache env CHAINGRAPH_NEO4J_PAGECACHE_MB (default 256).  Prints
 * "bolt://127.0.0.1:PORT" on stdout when ready; stops cleanly on
 * SIGTERM and when stdin reaches EOF (the parent died or closed the pipe).
 */
public final class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        String password = System.getenv("CHAINGRAPH_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("neo4j-launcher: set CHAINGRAPH_NEO4J_PASSWORD (at least 8 characters)");
            System.exit(2);
        }
        String given = System.getenv("CHAINGRAPH_NEO4J_HOME");
        Path home = given != null && !given.isEmpty() ? Path.of(given) : Files.createTempDirectory("chaingraph-neo4j-");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)  // neo4j:// routing tables point here
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMb() << 20)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                // no 2 s netty quiet period per event loop group: shutdown in well under a second
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            if (given == null || given.isEmpty()) {
                deleteTree(home);
            }
        }, "neo4j-launcher-shutdown"));
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException e) {  // a restart on the same data: the password is set already
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(0));  // hooks run; exit 0
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) { }  // the parent never writes: EOF means it is gone
            } catch (IOException ignored) { }
            System.exit(0);
        }, "neo4j-launcher-stdin");
        watcher.setDaemon(true);
        watcher.start();
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.err.println("neo4j-launcher: Bolt on 127.0.0.1:" + port + ", ready in " + ms + " ms");
        System.out.println("bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Page cache in MiB: env CHAINGRAPH_NEO4J_PAGECACHE_MB (the benchmark's whole graph needs ~300), else 256. */
    private static long pageCacheMb() {
        String mb = System.getenv("CHAINGRAPH_NEO4J_PAGECACHE_MB");
        return mb != null && mb.matches("[1-9][0-9]{0,5}") ? Long.parseLong(mb) : 256L;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) { }
    }
}
