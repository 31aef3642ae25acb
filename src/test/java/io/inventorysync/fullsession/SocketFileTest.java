package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket file: mode 0660 once bound; a stale one left by a crash is replaced; a live one, or a file that is not a
 * socket, stops the start; ours is gone after the stop.
 */
class SocketFileTest {

    @TempDir
    Path dir;

    @Test
    void mode0660WhileServedAndGoneAfter() throws Exception {
        Path socket;
        try (FrontDoor door = FrontDoor.start(dir, "", FrontDoor.echo())) {
            socket = door.socket();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-rw----");
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("inventory-sync.sock");
        // bound and closed without unlinking: what a killed process leaves
        ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(socket))
                .close();
        assertThat(socket).exists();
        try (FrontDoor door = FrontDoor.start(dir, "", FrontDoor.echo())) {
            assertThat(door.exchange(Requests.deleteAgent("7")).statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aLiveSocketIsNotTakenOver() throws Exception {
        Path socket = dir.resolve("inventory-sync.sock");
        try (ServerSocketChannel other =
                ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket))) {
            assertThatThrownBy(() -> FrontDoor.start(dir, "", FrontDoor.echo()))
                    .hasMessageContaining("fullsession:test: " + socket + " is served by another process");
            assertThat(socket).exists();
        }
    }

    @Test
    void aFileThatIsNotASocketIsLeftAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("inventory-sync.sock"), "not a socket");
        assertThatThrownBy(() -> FrontDoor.start(dir, "", FrontDoor.echo()))
                .hasMessageContaining(file + " exists and is not a socket");
        assertThat(file).hasContent("not a socket");
    }
}
