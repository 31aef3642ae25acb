package io.inventorysync.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Time charts of the benchmark: stacked panels over one time axis, written as PNG (headless AWT). */
final class BenchCharts {

    /** A series: drawn as a line, or as points (one per session/Start). */
    record Line(String name, double[] x, double[] y, boolean points) {}

    /** A horizontal reference line with a label (e.g. the baseline's average). */
    record Marker(String label, double y) {}

    /** One stacked panel. */
    record Panel(String yLabel, List<Line> lines, List<Marker> markers, boolean logScale) {
        Panel(String yLabel, List<Line> lines) {
            this(yLabel, lines, List.of(), false);
        }
    }

    private static final Color[] COLORS = {
        new Color(0x1f77b4),
        new Color(0xd62728),
        new Color(0x2ca02c),
        new Color(0xff7f0e),
        new Color(0x9467bd),
        new Color(0x8c564b)
    };

    private BenchCharts() {}

    static void save(Path png, String title, String xLabel, List<Panel> panels) throws IOException {
        NumberAxis time = new NumberAxis(xLabel);
        time.setAutoRangeIncludesZero(true);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        int color = 0;
        for (Panel panel : panels) {
            XYSeriesCollection data = new XYSeriesCollection();
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
            for (int i = 0; i < panel.lines().size(); i++) {
                Line line = panel.lines().get(i);
                XYSeries series = new XYSeries(line.name(), false, true);
                for (int j = 0; j < line.x().length; j++) {
                    if (!panel.logScale() || line.y()[j] > 0) {
                        series.add(line.x()[j], line.y()[j]);
                    }
                }
                data.addSeries(series);
                Color c = COLORS[color++ % COLORS.length];
                renderer.setSeriesPaint(i, c);
                renderer.setSeriesLinesVisible(i, !line.points());
                renderer.setSeriesShapesVisible(i, line.points());
                renderer.setSeriesShape(i, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
                renderer.setSeriesStroke(i, new BasicStroke(1.6f));
            }
            NumberAxis y = panel.logScale() ? new LogarithmicAxis(panel.yLabel()) : new NumberAxis(panel.yLabel());
            if (y instanceof LogarithmicAxis log) {
                log.setAllowNegativesFlag(false);
                log.setStrictValuesFlag(false);
            }
            XYPlot sub = new XYPlot(data, null, y, renderer);
            sub.setBackgroundPaint(Color.WHITE);
            sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
            sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
            for (Marker m : panel.markers()) {
                ValueMarker marker = new ValueMarker(
                        m.y(),
                        Color.DARK_GRAY,
                        new BasicStroke(
                                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                marker.setLabel(m.label());
                marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
                sub.addRangeMarker(marker);
            }
            plot.add(sub, 1);
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 260 * panels.size() + 90);
    }
}
