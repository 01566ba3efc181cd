package kg.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.kernel.internal.Version;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Embedded Neo4j Community DBMS with Bolt on 127.0.0.1:PORT, for tests.
 *
 * <pre>
 * TestServer --home DIR --port PORT [--pagecache 256m] [--conf key=value]... [--no-stdin-watch]
 * </pre>
 *
 * Prints {@code READY bolt://127.0.0.1:PORT} on stdout once the default database is available and
 * the Bolt port accepts TCP connections. Shuts down cleanly on SIGTERM/SIGINT (shutdown hook) and
 * when stdin reaches EOF (i.e. the parent process closed the pipe or died), unless
 * {@code --no-stdin-watch} is given. Auth is disabled, HTTP/HTTPS are disabled, and no global
 * transaction timeout is set (clients set per-transaction timeouts).
 */
public final class TestServer {
    private static final Object LOCK = new Object();
    private static DatabaseManagementService dbms;
    private static boolean stopped;

    public static void main(String[] args) throws Exception {
        Path home = null;
        int port = -1;
        String pagecache = "256m";
        boolean watchStdin = true;
        Map<String, String> raw = new LinkedHashMap<>();

        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]).toAbsolutePath();
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pagecache" -> pagecache = args[++i];
                case "--no-stdin-watch" -> watchStdin = false;
                case "--conf" -> {
                    String kv = args[++i];
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        usage("bad --conf (expected key=value): " + kv);
                    }
                    raw.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (home == null || port <= 0 || port > 65535) {
            usage("--home and --port are required");
        }

        long t0 = System.nanoTime();
        SocketAddress bolt = new SocketAddress("127.0.0.1", port);

        // Parse the pagecache size and any extra raw settings with Neo4j's own (strict) parser.
        Map<String, String> parseMe = new LinkedHashMap<>(raw);
        parseMe.putIfAbsent(GraphDatabaseSettings.pagecache_memory.name(), pagecache);
        // No phoning home (there is no network in CI anyway).
        parseMe.putIfAbsent("dbms.usage_report.enabled", "false");
        // What every deployment of the project must set (docs/security.md): LOAD CSV cannot read
        // local files, and one transaction cannot take the heap (a runaway console query fails
        // with MemoryPoolOutOfMemoryError instead of stalling the server).
        parseMe.putIfAbsent("dbms.security.allow_csv_import_from_file_urls", "false");
        parseMe.putIfAbsent("db.memory.transaction.max", "256m");
        // Netty's default 5 s quiet period (x2 event-loop groups) makes shutdown take ~10 s.
        parseMe.putIfAbsent("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        parseMe.putIfAbsent("internal.dbms.bolt.netty_server_shutdown_timeout", "5s");
        Config parsed = Config.newBuilder().setRaw(parseMe).build();

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.INFO))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Do not preallocate 256 MB transaction-log files per test database.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false);
        for (String key : parseMe.keySet()) {
            @SuppressWarnings("unchecked")
            Setting<Object> setting = (Setting<Object>) parsed.getSetting(key);
            builder.setConfig(setting, parsed.get(setting));
        }

        Runtime.getRuntime().addShutdownHook(new Thread(TestServer::shutdown, "kg-testserver-shutdown"));

        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            dbms = builder.build();
        }
        if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(Duration.ofMinutes(5).toMillis())) {
            System.err.println("default database did not become available");
            System.exit(3);
        }
        waitForPort(port, Duration.ofSeconds(60));

        if (watchStdin) {
            Thread watcher = new Thread(TestServer::watchStdin, "kg-testserver-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        System.err.printf("Neo4j %s embedded started in %.1f s, home=%s%n",
                Version.getNeo4jVersion(), (System.nanoTime() - t0) / 1e9, home);
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();

        // Keep the main thread alive; exit happens via the shutdown hook / stdin watcher.
        synchronized (LOCK) {
            while (!stopped) {
                LOCK.wait();
            }
        }
    }

    private static void watchStdin() {
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // discard; we only care about EOF
            }
        } catch (IOException ignored) {
            // treat as EOF
        }
        System.err.println("stdin closed: shutting down");
        System.exit(0); // runs the shutdown hook
    }

    private static void shutdown() {
        DatabaseManagementService toStop;
        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            stopped = true;
            toStop = dbms;
            LOCK.notifyAll();
        }
        if (toStop != null) {
            long t0 = System.nanoTime();
            try {
                toStop.shutdown();
                System.err.printf("Neo4j shut down in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            } catch (Throwable t) {
                System.err.println("error during shutdown: " + t);
                t.printStackTrace();
            }
        }
        System.err.flush();
    }

    private static void waitForPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        System.err.println("Bolt port " + port + " not accepting connections: " + last);
        System.exit(4);
    }

    private static void usage(String msg) {
        System.err.println(msg);
        System.err.println("usage: TestServer --home DIR --port PORT [--pagecache 256m] "
                + "[--conf key=value]... [--no-stdin-watch]");
        System.exit(2);
    }
}
