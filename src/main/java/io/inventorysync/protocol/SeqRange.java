package io.inventorysync.protocol;

/** An inclusive range {@code [begin, end]} of missing {@code seq} numbers, as carried by a ReqRet {@code Pair}. */
public record SeqRange(long begin, long end) {}
