package io.revertiq.engine.bars;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The data_hash of section 8: "sha256:" + lowercase hex SHA-256 over, for every bar used in order, t as an 8-byte
 * big-endian long followed by o, h, l, c, v as 8-byte big-endian IEEE-754 doubles, then the UTF-8 bytes of the
 * canonical JSON of the resolved parameters. vwap is not hashed, as the contract lists only t o h l c v.
 */
public final class DataHash {
    public static final String PREFIX = "sha256:";
    private static final int BAR_BYTES = 8 * 6;
    private static final int BATCH = 1024;

    private DataHash() {
    }

    public static String of(BarSeries bars, String canonicalParamsJson) {
        return bars(bars).with(canonicalParamsJson);
    }

    /** The digest of the bars alone, from which hashes with different suffixes cost no second pass. */
    public static Bars bars(BarSeries bars) {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(BAR_BYTES * BATCH);
        for (int i = 0; i < bars.size(); i++) {
            if (buf.remaining() < BAR_BYTES) {
                sha.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putLong(bars.t[i]).putDouble(bars.open[i]).putDouble(bars.high[i]).putDouble(bars.low[i])
                    .putDouble(bars.close[i]).putDouble(bars.volume[i]);
        }
        sha.update(buf.array(), 0, buf.position());
        return new Bars(sha);
    }

    /** A SHA-256 state after the bars; {@link #with} never changes it. */
    public static final class Bars {
        private final MessageDigest state;

        private Bars(MessageDigest state) {
            this.state = state;
        }

        public synchronized String with(String suffix) {
            MessageDigest sha;
            try {
                sha = (MessageDigest) state.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the SHA-256 provider cannot copy its state", e);
            }
            sha.update(suffix.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(sha.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
