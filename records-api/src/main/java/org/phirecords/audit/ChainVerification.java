package org.phirecords.audit;

/**
 * The result of verifying an audit chain (or a time range of it).
 *
 * @param chain the tenant id whose chain was verified ({@code _platform} for platform events)
 * @param checked events checked
 * @param lastSeq sequence number of the last event checked (0 if none)
 * @param valid whether every link holds
 * @param brokenAt sequence number of the first broken link, or 0
 * @param problem what is wrong there: {@code ALTERED} (an event was edited), {@code MISSING}
 *     (events were deleted), {@code BROKEN_LINK} (an event was inserted or events were reordered),
 *     {@code DUPLICATE} (two events claim one position), {@code TRUNCATED} (events after the last
 *     one were deleted: the head or a checkpoint sealed a later position, or a checkpoint sealed
 *     another event at this one), {@code HEAD_ALTERED}, {@code HEAD_MISSING}, {@code
 *     ANCHOR_ALTERED}, {@code CHECKPOINT_ALTERED} (a checkpoint's seal fails), {@code KEY_UNKNOWN}
 *     (links, a head, anchor or checkpoint sealed with a key the key ring lacks: the detail names
 *     their positions and key ids); or {@code null}
 * @param detail a sentence for people, without PHI
 */
public record ChainVerification(
    String chain,
    long checked,
    long lastSeq,
    boolean valid,
    long brokenAt,
    String problem,
    String detail) {}
