package io.inventorysync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inventorysync.testsupport.MetricsText;
import io.inventorysync.testsupport.MetricsText.ProcessResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example configuration and alert rules of {@code config/prometheus/}, as promtool judges them. */
class PrometheusRulesTest {

    private Path promtool;

    @BeforeEach
    void promtool() {
        promtool = MetricsText.promtool().orElse(null);
        assumeTrue(promtool != null, "promtool not installed (Debian package prometheus; .ci/run installs it)");
    }

    @Test
    void alertRulesPassPromtoolCheckRules() {
        assertPasses("check", "rules", "config/prometheus/alerts.yml");
    }

    @Test
    void exampleScrapeConfigAndItsRuleFilesPassPromtoolCheckConfig() {
        assertPasses("check", "config", "config/prometheus/prometheus.yml");
    }

    @Test
    void eachAlertFiresOnWhatItIsAboutAndNotOtherwise() {
        assertPasses("test", "rules", "src/test/resources/prometheus/alerts-test.yml");
    }

    private void assertPasses(String... args) {
        ProcessResult r = ProcessResult.run(
                List.of(
                        promtool.toString(),
                        args[0],
                        args[1],
                        Path.of(args[2]).toAbsolutePath().toString()),
                null);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }
}
