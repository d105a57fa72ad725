package io.revertiq.engine.windows;

import io.revertiq.engine.request.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WindowSpecTest {

    @Test
    void contiguousBinsDropTheFinalPartialBin() {
        List<Bin> bins = WindowSpec.parse("09:45-16:00/30m");
        assertEquals(12, bins.size());
        assertEquals(new Bin(585, 615), bins.get(0));
        assertEquals("09:45-10:15", bins.get(0).label());
        assertEquals("15:15-15:45", bins.get(11).label());
    }

    @Test
    void hoursAndPlainMinutes() {
        assertEquals(WindowSpec.parse("09:30-16:00/60"), WindowSpec.parse("09:30-16:00/1h"));
        assertEquals(6, WindowSpec.parse("09:30-16:00/1h").size());
        assertEquals(13, WindowSpec.parse("09:30-16:00/30").size());
    }

    @Test
    void overlappingBinsWithStep() {
        List<Bin> bins = WindowSpec.parse("09:30-10:30/30m/15m");
        assertEquals(List.of(new Bin(570, 600), new Bin(585, 615), new Bin(600, 630)), bins);
        assertEquals(List.of("09:30-10:30", "10:30-11:30"),
                WindowSpec.parse("09:30-12:00/1h/60").stream().map(Bin::label).toList());
    }

    @Test
    void fortyBinsAllowedFortyOneRejected() {
        assertEquals(40, WindowSpec.parse("09:30-16:10/10m").size());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> WindowSpec.parse("09:30-16:20/10m"));
        assertEquals("INVALID_ARGUMENT", e.code());
        assertEquals("windows.spec", e.field());
        assertThrows(InvalidArgumentException.class, () -> WindowSpec.parse("09:30-16:00/30m/5m"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0930-1600/30m", "09:30-16:00", "09:30-16:00/0m", "16:00-09:30/30m",
            "09:30-16:00/30x", "25:00-26:00/30m", "09:30-09:50/30m", "09:30-16:00/30m/15m/5m", "09:60-10:00/5"})
    void malformedSpecsAreInvalidArguments(String spec) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> WindowSpec.parse(spec));
        assertEquals("windows.spec", e.field());
    }
}
