package io.inventorysync.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventorysync.simulator.Simulation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Simulate's --generation, --socket and --port. */
class FullSessionSimulateOptionsTest {

    @Test
    void generationOneByDefault() {
        Simulation.Options o = Simulate.parse(new String[] {"--agents", "2"});
        assertThat(o.generation()).isEqualTo(1);
        assertThat(o.socket()).isNull();
        assertThat(o.port()).isEqualTo(7140);
    }

    @Test
    void generationTwoPostsToTheSocket() {
        Simulation.Options o =
                Simulate.parse(new String[] {"--generation", "2", "--socket", "/tmp/fs.sock", "--mode", "delta"});
        assertThat(o.generation()).isEqualTo(2);
        assertThat(o.socket()).isEqualTo(Path.of("/tmp/fs.sock"));
        assertThat(o.delta()).isTrue();
        assertThat(Simulate.parse(new String[] {"--generation", "2"}).socket())
                .isEqualTo(Path.of(Simulate.DEFAULT_SOCKET));
    }

    @Test
    void generationTwoOverTcpWithAPort() {
        Simulation.Options o =
                Simulate.parse(new String[] {"--generation", "2", "--host", "10.0.0.2", "--port", "7150"});
        assertThat(o.socket()).isNull();
        assertThat(o.host()).isEqualTo("10.0.0.2");
        assertThat(o.port()).isEqualTo(7150);
    }

    @Test
    void inconsistentChoicesAreRefused() {
        assertThatThrownBy(() -> Simulate.parse(new String[] {"--generation", "3"}))
                .hasMessageContaining("1 or 2");
        assertThatThrownBy(() -> Simulate.parse(new String[] {"--socket", "/tmp/fs.sock"}))
                .hasMessageContaining("--generation 2");
        assertThatThrownBy(() -> Simulate.parse(
                        new String[] {"--generation", "2", "--socket", "/tmp/fs.sock", "--port", "7150"}))
                .hasMessageContaining("not both");
    }
}
