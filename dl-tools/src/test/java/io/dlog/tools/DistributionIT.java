package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The binary tarball ships dlog's LICENSE and NOTICE and a license for every bundled jar. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DistributionIT {
    private static final Path HOME = Path.of(System.getProperty("dlog.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void tarballShouldShipLicenseNoticeAndALicenseForEveryBundledJar() throws Exception {
        Path tarball = Path.of(System.getProperty("dlog.tarball", "missing"));
        assertThat(tarball).exists();
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString()).directory(dir.toFile()).inheritIO()
                .start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        Path dist;
        try (var s = Files.list(dir)) {
            dist = s.findFirst().orElseThrow();
        }
        assertThat(Files.readString(dist.resolve("LICENSE"))).isEqualTo(Files.readString(HOME.resolve("LICENSE")))
                .contains("Apache License").contains("Version 2.0, January 2004")
                .contains("END OF TERMS AND CONDITIONS");
        assertThat(Files.readString(dist.resolve("NOTICE"))).contains("Apache DistributedLog");
        String thirdParty = Files.readString(dist.resolve("licenses/THIRD-PARTY.txt"), StandardCharsets.UTF_8);
        List<String> unlisted = new ArrayList<>();
        int jars = 0;
        try (var s = Files.list(dist.resolve("lib"))) {
            for (Path jar : s.toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("io.dlog-")) {
                    continue;
                }
                jars++;
                if (!listed(thirdParty, name)) {
                    unlisted.add(name);
                }
            }
        }
        assertThat(jars).isGreaterThan(50);
        assertThat(unlisted).as("jars in lib/ missing from licenses/THIRD-PARTY.txt").isEmpty();
        try (var s = Files.walk(dist.resolve("licenses"))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("LICENSE")).count())
                    .as("license files unpacked from the jars").isGreaterThan(10);
        }
    }

    /** lib/ names jars groupId-artifactId-version[-classifier].jar; THIRD-PARTY.txt lists groupId:artifactId:version. */
    private static boolean listed(String thirdParty, String jarName) {
        for (String line : thirdParty.split("\n")) {
            String[] gav = line.split("\\s+")[0].split(":");
            if (gav.length == 3 && jarName.startsWith(gav[0] + "-" + gav[1] + "-" + gav[2])) {
                return true;
            }
        }
        return false;
    }
}
