package io.kafkaconnect.metronome.quickstart.records;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** Confluent wire format: magic byte 0, the schema id as 4 bytes big-endian, then the Avro binary. */
public final class ConfluentAvroCodec {

    private static final byte MAGIC = 0;

    private final CompatSchemaRegistry registry;

    public ConfluentAvroCodec(CompatSchemaRegistry registry) {
        this.registry = registry;
    }

    public static byte[] encode(int schemaId, Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a record key or value: Confluent-wire-format Avro into a GenericRecord (or an Avro primitive), any
     * other bytes as UTF-8 text (the sink's command keys are plain strings); null stays null (tombstones).
     */
    public Object decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 5 || bytes[0] != MAGIC) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.get();
        Schema schema = registry.schema(buffer.getInt());
        try {
            return new GenericDatumReader<>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException("Not Avro of schema " + schema.getFullName(), e);
        }
    }
}
