package io.revertiq.engine.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.synthetic.SyntheticMarket;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DataHashTest {
    private static final LocalDate DAY = LocalDate.of(2024, 6, 3);

    private static BarSeries series(long seed) {
        RawBars raw = SyntheticMarket.builder(seed).dates(DAY, DAY.plusDays(2)).barMinutes(5).generate();
        return new Sessionizer(NyseCalendar.instance()).sessionize(raw, DAY, DAY.plusDays(2), 5, true).series();
    }

    @Test
    void matchesAnIndependentEncoding() throws Exception {
        BarSeries s = series(1);
        String params = "{\"ticker\":\"SPY\"}";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < s.size(); i++) {
                out.writeLong(s.t[i]);
                out.writeDouble(s.open[i]);
                out.writeDouble(s.high[i]);
                out.writeDouble(s.low[i]);
                out.writeDouble(s.close[i]);
                out.writeDouble(s.volume[i]);
            }
            out.write(params.getBytes(StandardCharsets.UTF_8));
        }
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        assertEquals(expected, DataHash.of(s, params));
        assertTrue(expected.matches("sha256:[0-9a-f]{64}"));
    }

    @Test
    void sensitiveToBarsAndParameters() throws IOException {
        assertEquals(DataHash.of(series(1), "{}"), DataHash.of(series(1), "{}"));
        assertNotEquals(DataHash.of(series(1), "{}"), DataHash.of(series(2), "{}"));
        assertNotEquals(DataHash.of(series(1), "{}"), DataHash.of(series(1), "{ }"));
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                DataHash.of(new BarSeries(new long[0], new double[0], new double[0], new double[0], new double[0],
                        new double[0], new double[0], new int[0], new int[0], new int[0], new LocalDate[0], 1), "{}"));
    }
}
