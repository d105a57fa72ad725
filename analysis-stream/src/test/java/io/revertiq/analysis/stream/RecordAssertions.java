package io.revertiq.analysis.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Component-wise equality of records that hold primitive arrays (a record's own equals compares arrays by
 * identity). Going over the components reflectively means a component added later is compared too.
 */
final class RecordAssertions {
    private RecordAssertions() {
    }

    static void assertRecordEquals(Record expected, Record actual, String what) {
        assertEquals(expected.getClass(), actual.getClass(), what);
        for (RecordComponent c : expected.getClass().getRecordComponents()) {
            Object e = value(c, expected);
            Object a = value(c, actual);
            String field = what + "." + c.getName();
            if (e instanceof double[] d) {
                // assertArrayEquals compares doubles bit-wise on NaN, so NaN == NaN here, as exactness requires
                assertArrayEquals(d, (double[]) a, field);
            } else if (e instanceof int[] i) {
                assertArrayEquals(i, (int[]) a, field);
            } else if (e instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) a, field);
            } else {
                assertEquals(e, a, field);
            }
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
