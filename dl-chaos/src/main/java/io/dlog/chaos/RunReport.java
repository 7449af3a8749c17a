package io.dlog.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run's report: {@code report.txt} (the verdict, per-log counts, every kept violation with its context,
 * availability and the faults) and {@code report.svg} (acknowledgements per second and the slowest acknowledgement
 * per second, with the fault windows shaded). Stateless.
 */
public final class RunReport {

    private static final int WIDTH = 1200;
    private static final int PANEL = 220;
    private static final int LEFT = 60;
    private static final int TOP = 40;

    private RunReport() {
    }

    /**
     * Writes both files into {@code dir}.
     *
     * @return the text report
     */
    public static String write(Path dir, String header, List<LogVerdict> verdicts, Availability availability,
                               List<FaultWindow> faults) throws IOException {
        StringBuilder sb = new StringBuilder(header).append(System.lineSeparator());
        sb.append(HistoryChecker.summary(verdicts));
        sb.append(String.format(Locale.ROOT, "availability: longest window without acknowledgements %d ms, from "
                + "t=%.1f s%n", availability.longestGapMillis(),
                (availability.gapStartNanos() - availability.startNanos()) / 1e9));
        long gapEnd = availability.gapStartNanos() + availability.longestGapMillis() * 1_000_000L;
        for (FaultWindow f : faults) {
            if (f.startNanos() <= gapEnd && f.endNanos() >= availability.gapStartNanos()) {
                sb.append("  during that window: ").append(f.label()).append(System.lineSeparator());
            }
        }
        sb.append("faults (").append(faults.size()).append("):").append(System.lineSeparator());
        for (FaultWindow f : faults) {
            sb.append(String.format(Locale.ROOT, "  t=%7.1f s .. %7.1f s  %s%n",
                    (f.startNanos() - availability.startNanos()) / 1e9,
                    (f.endNanos() - availability.startNanos()) / 1e9, f.label()));
        }
        for (LogVerdict v : verdicts) {
            for (Violation violation : v.violations()) {
                sb.append(violation).append(System.lineSeparator());
                for (String line : violation.context()) {
                    sb.append("    ").append(line).append(System.lineSeparator());
                }
            }
        }
        String text = sb.toString();
        Files.writeString(dir.resolve("report.txt"), text, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.svg"), svg(availability, faults), StandardCharsets.UTF_8);
        return text;
    }

    /** A self-contained SVG: two panels over the run's seconds, fault windows shaded behind both. */
    static String svg(Availability a, List<FaultWindow> faults) {
        int n = a.ackedPerSecond().length;
        double dx = (WIDTH - LEFT - 20) / (double) n;
        int height = TOP + 2 * PANEL + 70;
        long maxAcks = 1;
        double maxLat = 1;
        for (int i = 0; i < n; i++) {
            maxAcks = Math.max(maxAcks, a.ackedPerSecond()[i]);
            maxLat = Math.max(maxLat, a.maxLatencyMillis()[i]);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (FaultWindow f : faults) {
            double x0 = LEFT + (f.startNanos() - a.startNanos()) / 1e9 * dx;
            double w = Math.max(1, (f.endNanos() - f.startNanos()) / 1e9 * dx);
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"#f4c7c3\" opacity=\"0.6\"><title>%s</title></rect>%n", x0, TOP, w, 2 * PANEL + 10,
                    escape(f.label())));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" transform=\"rotate(-30 "
                    + "%.1f %d)\">%s</text>%n", x0, TOP - 4, x0, TOP - 4, escape(f.label())));
        }
        panel(s, "acknowledgements per second (max " + maxAcks + ")", TOP);
        panel(s, String.format(Locale.ROOT, "slowest acknowledgement per second, ms (max %.0f)", maxLat),
                TOP + PANEL + 10);
        for (int i = 0; i < n; i++) {
            double h = a.ackedPerSecond()[i] * (PANEL - 20.0) / maxAcks;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
                    + "fill=\"#3b6ea5\"/>%n", LEFT + i * dx, TOP + PANEL - h, Math.max(0.5, dx * 0.9), h));
            double l = a.maxLatencyMillis()[i] * (PANEL - 20.0) / maxLat;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
                    + "fill=\"#c47a1a\"/>%n", LEFT + i * dx, TOP + 2.0 * PANEL + 10 - l, Math.max(0.5, dx * 0.9), l));
        }
        for (int t = 0; t <= n; t += Math.max(1, n / 10)) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%d s</text>%n", LEFT + t * dx,
                    TOP + 2 * PANEL + 28, t));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">longest window without acknowledgements: %d ms"
                + "</text>%n", LEFT, height - 12, a.longestGapMillis()));
        return s.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder s, String title, int y) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, y, WIDTH - LEFT - 20, PANEL,
                LEFT + 4, y + 14, escape(title)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
