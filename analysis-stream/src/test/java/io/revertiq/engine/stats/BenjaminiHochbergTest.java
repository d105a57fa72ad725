package io.revertiq.engine.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.testsupport.SharedData;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BenjaminiHochbergTest {

    @Test
    void matchesThePublishedStatsmodelsExample() throws Exception {
        JsonNode bh = new ObjectMapper().readTree(SharedData.data("reference/statsmodels_reference.json")
                .toFile()).get("bh");
        double[] p = new double[bh.get("p").size()];
        double[] expected = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = bh.get("p").get(i).asDouble();
            expected[i] = bh.get("adjusted").get(i).asDouble();
        }
        assertArrayEquals(expected, BenjaminiHochberg.adjust(p), 1e-12);
    }

    @Test
    void monotoneCappedAndTied() {
        // sorted p 0.01, 0.02, 0.02, 0.9: raw 0.04, 0.04, 0.08/3, 0.9 -> running minimum from the top
        assertArrayEquals(new double[] {0.9, 0.08 / 3, 0.08 / 3, 0.08 / 3},
                BenjaminiHochberg.adjust(new double[] {0.9, 0.02, 0.01, 0.02}), 1e-15);
        assertEquals(1.0, BenjaminiHochberg.adjust(new double[] {1.0, 1.0})[0]);
        assertEquals(0, BenjaminiHochberg.adjust(new double[0]).length);
    }
}
