package io.revertiq.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.revertiq.avro.Bar;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.serde.SubjectNames;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bytes our serializer writes, compared with an array built by hand from the Confluent and Avro specs. */
@ExtendWith(KafkaPlatformExtension.class)
class WireFormatTest {

    private static Bar bar() {
        return Bar.newBuilder().setTicker("SPY").setInterval("1m").setT(60_000L)
                .setO(1.5).setH(2.0).setL(1.0).setC(1.25).setV(100.0).setVw(null).setN(3L).setProvider("x").build();
    }

    @Test
    void barIsFramedAsMagicByteSchemaIdAndAvroBinary(TestPlatform platform) {
        Serde<Bar> serde = Topics.MARKET_BARS.valueSerde(platform.registry());
        byte[] actual = serde.serializer().serialize(Topics.MARKET_BARS.name(), bar());

        int id = platform.registry().latest(SubjectNames.topicName(Topics.MARKET_BARS.name(), false)).id();
        byte[] header = ByteBuffer.allocate(5).put((byte) 0).putInt(id).array();
        byte[] payload = {
            0x06, 'S', 'P', 'Y',                                  // ticker: zigzag length 3, UTF-8
            0x04, '1', 'm',                                       // interval: length 2
            (byte) 0xC0, (byte) 0xA9, 0x07,                       // t = 60000: zigzag 120000 as a varint
            0, 0, 0, 0, 0, 0, (byte) 0xF8, 0x3F,                  // o = 1.5, IEEE 754 little-endian
            0, 0, 0, 0, 0, 0, 0, 0x40,                            // h = 2.0
            0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F,                  // l = 1.0
            0, 0, 0, 0, 0, 0, (byte) 0xF4, 0x3F,                  // c = 1.25
            0, 0, 0, 0, 0, 0, 0x59, 0x40,                         // v = 100.0
            0x00,                                                 // vw: union branch 0 (null)
            0x02, 0x06,                                           // n: union branch 1 (long), 3
            0x02, 'x',                                            // provider
        };
        byte[] expected = ByteBuffer.allocate(header.length + payload.length).put(header).put(payload).array();

        assertArrayEquals(expected, actual);
        assertEquals(bar(), serde.deserializer().deserialize(Topics.MARKET_BARS.name(), expected));
    }

    @Test
    void recordsWithoutTheMagicByteAreRefused(TestPlatform platform) {
        Serde<Bar> serde = Topics.MARKET_BARS.valueSerde(platform.registry());
        byte[] framed = serde.serializer().serialize(Topics.MARKET_BARS.name(), bar());
        framed[0] = 1;
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(Topics.MARKET_BARS.name(), framed));
        assertEquals("unknown magic byte 1 (expected 0, Confluent wire format)", e.getMessage());
        assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(Topics.MARKET_BARS.name(), new byte[] {0, 0, 1}));
    }
}
