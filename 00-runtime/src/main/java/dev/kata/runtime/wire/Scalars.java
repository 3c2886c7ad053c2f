package dev.kata.runtime.wire;

import dev.kata.runtime.node.NodeId;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/** The codecs of single values: primitives (and their boxes), strings, bytes, node ids and times. */
enum Scalars implements ValueCodec {

    BOOLEAN(1) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeByte((Boolean) value ? 1 : 0);
        }

        @Override
        public Object read(WireReader in) {
            int value = in.readUnsignedByte("a boolean");
            if (value > 1) {
                throw in.error("invalid boolean byte " + value + " (expected 0 or 1)");
            }
            return value == 1;
        }
    },
    BYTE(1) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeByte((Byte) value);
        }

        @Override
        public Object read(WireReader in) {
            return (byte) in.readUnsignedByte("a byte");
        }
    },
    SHORT(2) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeShort((Short) value);
        }

        @Override
        public Object read(WireReader in) {
            return in.readShort("a short");
        }
    },
    CHAR(2) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeShort((Character) value);
        }

        @Override
        public Object read(WireReader in) {
            return (char) in.readShort("a char");
        }
    },
    INT(4) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeInt((Integer) value);
        }

        @Override
        public Object read(WireReader in) {
            return in.readInt("an int");
        }
    },
    LONG(8) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeLong((Long) value);
        }

        @Override
        public Object read(WireReader in) {
            return in.readLong("a long");
        }
    },
    FLOAT(4) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeInt(Float.floatToRawIntBits((Float) value));
        }

        @Override
        public Object read(WireReader in) {
            return Float.intBitsToFloat(in.readInt("a float"));
        }
    },
    DOUBLE(8) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeLong(Double.doubleToRawLongBits((Double) value));
        }

        @Override
        public Object read(WireReader in) {
            return Double.longBitsToDouble(in.readLong("a double"));
        }
    },
    STRING(4) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeString((String) value);
        }

        @Override
        public Object read(WireReader in) {
            return in.readString("a string");
        }
    },
    BYTES(4) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeBytes((byte[]) value);
        }

        @Override
        public Object read(WireReader in) {
            return in.readBytes("a byte array");
        }
    },
    NODE_ID(5) {
        @Override
        public void write(WireWriter out, Object value) {
            out.writeString(((NodeId) value).name());
        }

        @Override
        public Object read(WireReader in) {
            int start = in.position();
            NodeId known = in.readName(NODE_IDS, "a node id");
            if (known != null) {
                return known;
            }
            NodeId id;
            try {
                id = new NodeId(in.stringFrom(start));
            } catch (IllegalArgumentException e) {
                throw new WireError(e.getMessage(), start);
            }
            NODE_IDS.remember(id);
            return id;
        }
    },
    /** Seconds (8 bytes) and nanoseconds (4 bytes), as {@link Duration} itself stores it. */
    DURATION(12) {
        @Override
        public void write(WireWriter out, Object value) {
            Duration duration = (Duration) value;
            out.writeLong(duration.getSeconds());
            out.writeInt(duration.getNano());
        }

        @Override
        public Object read(WireReader in) {
            long seconds = in.readLong("a duration");
            int nanos = readNanos(in, "a duration");
            return Duration.ofSeconds(seconds, nanos);
        }
    },
    /** Seconds since the epoch (8 bytes) and nanoseconds (4 bytes), as {@link Instant} itself stores it. */
    INSTANT(12) {
        @Override
        public void write(WireWriter out, Object value) {
            Instant instant = (Instant) value;
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }

        @Override
        public Object read(WireReader in) {
            int start = in.position();
            long seconds = in.readLong("an instant");
            int nanos = readNanos(in, "an instant");
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (DateTimeException e) {
                throw new WireError("instant out of range: " + seconds + " s " + nanos + " ns", start);
            }
        }
    };

    /** Node ids decoded so far, shared by every codec and thread; only valid ids are kept. */
    private static final NodeIdCache NODE_IDS = new NodeIdCache();

    private final int minSize;

    Scalars(int minSize) {
        this.minSize = minSize;
    }

    @Override
    public int minSize() {
        return minSize;
    }

    private static int readNanos(WireReader in, String what) {
        int nanos = in.readInt(what);
        if (nanos < 0 || nanos > 999_999_999) {
            throw new WireError("nanoseconds of " + what + " out of range: " + nanos, in.position() - 4);
        }
        return nanos;
    }
}
