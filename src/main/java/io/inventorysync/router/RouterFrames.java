package io.inventorysync.router;

import java.util.List;

/**
 * The frames of one read of a connection, in the order they arrived: what the ingress route gets as one exchange.
 * A burst of Starts or a run of DataBatch frames then costs one exchange per read instead of one per frame.
 */
public record RouterFrames(List<RouterFrame> frames) {}
