package dev.kata.lock;

/**
 * What the cell tells about a node besides its contents (Chubby's metadata).
 *
 * @param instance          which node of this name it is: a node deleted and created again has a new
 *                          instance, so a handle to the old one fails
 * @param contentGeneration grows each time the contents are written
 * @param lockGeneration    grows each time the node's lock goes from free to held: the generation of
 *                          the grant's {@link Sequencer}
 * @param directory         whether it is a directory (no contents, no lock, children)
 * @param ephemeral         whether it goes when the session that created it ends
 */
public record Metadata(long instance, long contentGeneration, long lockGeneration, boolean directory,
                       boolean ephemeral) {
}
