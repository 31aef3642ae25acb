package io.inventorysync.testsupport;

import io.inventorysync.router.ProviderLink;
import java.io.IOException;

/** A provider's link that can also write pre-encoded frames and name whose responses it reads (benchmarks). */
public interface BenchLink extends ProviderLink {

    /** Frames as they are (encoded with header P), written now. */
    void sendRaw(byte[] frames) throws IOException;

    /** The agent (keystore spelling) whose responses the next {@code receive()} calls read; TCP: ignored. */
    void forAgent(String agent3);
}
