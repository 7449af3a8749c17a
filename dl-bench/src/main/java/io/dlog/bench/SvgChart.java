package io.dlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart rendered as inline SVG: series of points, linear or logarithmic y axis, labelled x ticks.
 * Enough for the benchmark report, with no dependency. Not thread-safe; build, then {@link #render()}.
 */
final class SvgChart {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 130;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    /** A point; y must be positive on a logarithmic axis. */
    record Point(double x, double y) {
    }

    /** A named series. */
    record Series(String name, List<Point> points) {
        Series {
            points = List.copyOf(points);
        }
    }

    /** A labelled tick on the x axis. */
    record Tick(double x, String label) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<Tick> ticks = new ArrayList<>();

    SvgChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    SvgChart tick(double x, String label) {
        ticks.add(new Tick(x, label));
        return this;
    }

    boolean isEmpty() {
        return series.stream().allMatch(s -> s.points().isEmpty());
    }

    String render() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (Point p : s.points()) {
                double y = yValue(p.y());
                if (Double.isNaN(y) || Double.isInfinite(y)) {
                    continue;
                }
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        for (Tick t : ticks) {
            minX = Math.min(minX, t.x());
            maxX = Math.max(maxX, t.x());
        }
        StringBuilder b = new StringBuilder(4096);
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", LEFT,
                escape(title)));
        if (minX == Double.MAX_VALUE || minY == Double.MAX_VALUE) {
            return b.append("<text x=\"70\" y=\"150\">no data</text>\n</svg>\n").toString();
        }
        if (!logY) {
            minY = Math.min(0, minY);
        }
        if (maxY - minY < 1e-9) {
            maxY = minY + 1;
        }
        if (maxX - minX < 1e-9) {
            maxX = minX + 1;
        }
        axes(b, minX, maxX, minY, maxY);
        for (int i = 0; i < series.size(); i++) {
            plot(b, series.get(i), COLORS[i % COLORS.length], i, minX, maxX, minY, maxY);
        }
        return b.append("</svg>\n").toString();
    }

    private void axes(StringBuilder b, double minX, double maxX, double minY, double maxY) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", LEFT, TOP, plotW, plotH));
        for (int k = 0; k <= 4; k++) {
            double v = minY + (maxY - minY) * k / 4;
            double y = TOP + plotH - plotH * k / 4.0;
            String label = logY ? compact(Math.pow(10, v)) : compact(v);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + plotW, y,
                    LEFT - 4, y + 4, label));
        }
        for (Tick t : ticks) {
            double x = LEFT + plotW * (t.x() - minX) / (maxX - minX);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    TOP + plotH + 14, escape(t.label())));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 8, escape(xLabel)));
        b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, escape(yLabel)));
    }

    private void plot(StringBuilder b, Series s, String color, int index, double minX, double maxX, double minY,
            double maxY) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (Point p : s.points()) {
            double y = yValue(p.y());
            if (Double.isNaN(y) || Double.isInfinite(y)) {
                continue;
            }
            double px = LEFT + plotW * (p.x() - minX) / (maxX - minX);
            double py = TOP + plotH - plotH * (y - minY) / (maxY - minY);
            path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
            dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", px, py,
                    color));
        }
        b.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%s%n",
                path, color, dots));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 10, TOP + 16 * index, color,
                WIDTH - RIGHT + 24, TOP + 16 * index + 9, escape(s.name())));
    }

    private double yValue(double y) {
        return logY ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        if (a >= 10 || a == 0) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, a >= 1 ? "%.1f" : "%.2f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
