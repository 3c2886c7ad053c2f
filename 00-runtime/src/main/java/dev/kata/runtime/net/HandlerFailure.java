package dev.kata.runtime.net;

/**
 * What a {@link TcpNode} does when its node's code throws while handling a message or a timer.
 * The simulation stops the run at once; on TCP, silently carrying on could leave a half-applied
 * change in memory that the node then acts on, so by default the node stops, as a crashed process
 * would, and says why ({@link TcpNode#failure()}; the cell's launcher exits with status 70, so a
 * supervisor restarts it from its disk).
 */
public enum HandlerFailure {

    /** Log the exception at ERROR, record it as the node's failure, and stop the node (a crash). */
    STOP_NODE,

    /** Log the exception at ERROR and carry on with the next event: for demos that poke a node on purpose. */
    LOG_AND_CONTINUE
}
