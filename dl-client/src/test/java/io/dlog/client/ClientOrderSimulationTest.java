package io.dlog.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.LeakCheck;
import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.ServerRole;
import io.dlog.protocol.wire.StreamRequest;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three scripted proxies that behave like write proxies as far as the client can tell: one owner per stream at a
 * time, ownership that moves (release), {@code FOUND} redirects, capacity and draining rejections, and connections
 * dropped before or after a write was applied. Five streams of 200 writes each, pipelined 20 at a time per stream,
 * three seeds, each with and without coalescing; then, per stream: the "log" (what owners applied, in the order they applied it) holds no write twice, holds every acknowledged write,
 * in call order, and holds no write that failed with a definite ("not written") failure.
 */
@ExtendWith(LeakCheck.class)
@Timeout(120)
class ClientOrderSimulationTest {
    private static final int STREAMS = 5;
    private static final int WRITES = 200;
    /** Writes per stream pipelined before the test waits for their answers ({@code -Ddlog.test.window=N}). */
    private static final int WINDOW = Integer.getInteger("dlog.test.window", 20);
    private static final Map<String, Integer> HISTOGRAM = new java.util.concurrent.ConcurrentHashMap<>();

    static LongStream seeds() {
        String override = System.getProperty("dlog.test.seed");
        if (override != null && !override.isBlank()) {
            return LongStream.of(Long.parseLong(override.trim()));
        }
        // -Ddlog.test.seeds=N runs N seeds (a soak); the default three keep the suite fast
        return new SplittableRandom(0xD10C).longs(Long.getLong("dlog.test.seeds", 3));
    }

    /** The proxies' shared world: who owns each stream, and each stream's log. */
    private static final class World {
        final Map<String, String> owners = new HashMap<>();
        final Map<String, List<String>> logs = new HashMap<>();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void acknowledgedWritesShouldBeInTheLogOnceAndInCallOrderWhateverTheProxiesAnswer(long seed) throws Exception {
        // with single writes coalesced into bulk requests (the default), then with every write its own request
        for (int coalesce : new int[] {1000, 1}) {
            simulate(seed, coalesce);
        }
    }

    private static void simulate(long seed, int coalesce) throws Exception {
        World world = new World();
        List<ScriptedProxy> proxies = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                proxies.add(new ScriptedProxy());
            }
            List<ProxyEndpoint> members = new ArrayList<>();
            for (ScriptedProxy p : proxies) {
                members.add(new ProxyEndpoint(ServerRole.WRITE_PROXY, p.address()));
            }
            for (int i = 0; i < proxies.size(); i++) {
                Random random = new Random(seed + i);
                ScriptedProxy me = proxies.get(i);
                me.members(() -> members).script((p, r) -> behave(world, proxies, me, random, r));
            }
            run(seed, coalesce, world, proxies.get(0).address());
        } finally {
            for (ScriptedProxy p : proxies) {
                p.close();
            }
        }
    }

    private static Response behave(World world, List<ScriptedProxy> proxies, ScriptedProxy me, Random random,
                                   Request r) {
        if (!(r instanceof Write) && !(r instanceof WriteBulk)) {
            return null;
        }
        StreamRequest w = (StreamRequest) r;
        synchronized (world) {
            String owner = world.owners.computeIfAbsent(w.stream(), s -> me.address());
            if (!owner.equals(me.address())) {
                return ErrorResponse.found(r.requestId(), r.opcodeValue(), w.stream(),
                        random.nextInt(10) == 0 ? "" : owner);
            }
            int dice = random.nextInt(10_000);
            List<String> log = world.logs.computeIfAbsent(w.stream(), s -> new ArrayList<>());
            // a coalesced request (a bulk write) is applied or refused as a whole, as a proxy does
            List<String> payloads = ScriptedProxy.payloads(r);
            if (dice < 100) {
                // ownership moves to another proxy (as after a release or a failover)
                String next = proxies.get((proxies.indexOf(me) + 1 + random.nextInt(proxies.size() - 1))
                        % proxies.size()).address();
                world.owners.put(w.stream(), next);
                return ErrorResponse.found(r.requestId(), r.opcodeValue(), w.stream(), next);
            } else if (dice < 200) {
                return ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.OVER_CAPACITY, "busy");
            } else if (dice < 250) {
                return ErrorResponse.of(r.requestId(), r.opcodeValue(), StatusCode.SERVICE_UNAVAILABLE, "draining");
            } else if (dice < 255) {
                log.addAll(payloads);
                return ScriptedProxy.DROP;
            } else if (dice < 260) {
                return ScriptedProxy.DROP;
            }
            int first = log.size();
            log.addAll(payloads);
            return ScriptedProxy.applied(r, first);
        }
    }

    private static void run(long seed, int coalesce, World world, String bootstrap) throws Exception {
        List<List<CompletableFuture<DLSN>>> futures = new ArrayList<>();
        try (DLClient client = DLClient.builder().proxies(bootstrap).clientId("sim-" + seed).maxRedirects(30)
                .coalesce(coalesce, 128 << 10)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(50)).requestTimeout(Duration.ofSeconds(60)).build()) {
            for (int s = 0; s < STREAMS; s++) {
                futures.add(new ArrayList<>());
            }
            for (int i = 0; i < WRITES; i++) {
                for (int s = 0; s < STREAMS; s++) {
                    futures.get(s).add(client.write("stream-" + s, ("w" + i).getBytes(StandardCharsets.UTF_8)));
                }
                if ((i + 1) % WINDOW == 0) {
                    // a dropped connection fails every write in flight on it (outcome unknown, as it must); pipelining
                    // in windows keeps one drop from failing nearly the whole run, so the run stays non-vacuous
                    for (List<CompletableFuture<DLSN>> stream : futures) {
                        CompletableFuture.allOf(stream.toArray(new CompletableFuture<?>[0]))
                                .handle((v, e) -> null).get(90, TimeUnit.SECONDS);
                    }
                }
            }
            int acknowledged = 0;
            for (int s = 0; s < STREAMS; s++) {
                acknowledged += check(world, "stream-" + s, futures.get(s));
            }
            String failures = HISTOGRAM.toString();
            HISTOGRAM.clear();
            assertThat(acknowledged).as("the run is not vacuous (failures: %s)", failures)
                    .isGreaterThan(STREAMS * WRITES / 4);
        }
    }

    private static int check(World world, String stream, List<CompletableFuture<DLSN>> futures) throws Exception {
        List<Integer> ackedPositions = new ArrayList<>();
        List<String> log;
        Map<String, Throwable> definite = new HashMap<>();
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            String payload = "w" + i;
            try {
                futures.get(i).get(90, TimeUnit.SECONDS);
                acked.add(payload);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable t = Futures.unwrap(e);
                assertThat(t.getClass().getPackageName()).as("failures are API types").doesNotContain("internal");
                HISTOGRAM.merge(t.getClass().getSimpleName() + "/" + ((io.dlog.protocol.DLException) t).code(), 1,
                        Integer::sum);
                if (!DLClient.isIndeterminate(t)) {
                    definite.put(payload, t);
                }
            }
        }
        synchronized (world) {
            log = List.copyOf(world.logs.getOrDefault(stream, List.of()));
        }
        assertThat(new HashSet<>(log)).as("%s: no write applied twice", stream).hasSameSizeAs(log);
        for (String payload : acked) {
            int at = log.indexOf(payload);
            assertThat(at).as("%s: acknowledged %s is in the log", stream, payload).isNotNegative();
            ackedPositions.add(at);
        }
        assertThat(ackedPositions).as("%s: acknowledged writes in call order", stream).isSorted();
        Set<String> inLog = new HashSet<>(log);
        for (Map.Entry<String, Throwable> e : definite.entrySet()) {
            assertThat(inLog).as("%s: %s failed with %s, so it must not be in the log", stream, e.getKey(),
                    e.getValue()).doesNotContain(e.getKey());
        }
        return acked.size();
    }
}
