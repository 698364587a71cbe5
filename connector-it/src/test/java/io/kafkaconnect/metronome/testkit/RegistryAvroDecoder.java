package io.kafkaconnect.metronome.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads what a converter wrote in Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary) the way an independent consumer would: the writer schema comes from the registry's Confluent API
 * ({@code GET /schemas/ids/{id}}), the bytes are decoded with plain Avro. Nothing of the converter under
 * test is involved, so a test that decodes with this class checks what actually reached Kafka.
 */
public final class RegistryAvroDecoder {

    private static final byte MAGIC_BYTE = 0;
    private static final int HEADER_LENGTH = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ccompatUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** @param ccompatUrl the registry's Confluent API base, see {@link ApicurioRegistryServer#ccompatUrl()} */
    public RegistryAvroDecoder(String ccompatUrl) {
        this.ccompatUrl = ccompatUrl;
    }

    /** The schema id in a Confluent-wire-format payload. */
    public static int schemaId(byte[] payload) {
        checkHeader(payload);
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    /** Decodes a payload whose writer schema is a record. */
    public GenericRecord decodeRecord(byte[] payload) {
        Object decoded = decode(payload);
        if (!(decoded instanceof GenericRecord record)) {
            throw new AssertionError("expected an Avro record but the payload holds " + decoded);
        }
        return record;
    }

    /** Decodes a payload with its writer schema (a record, a string, a long ...). */
    public Object decode(byte[] payload) {
        Schema writer = schema(schemaId(payload));
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(payload, HEADER_LENGTH, payload.length - HEADER_LENGTH, null);
        try {
            Object value = new GenericDatumReader<>(writer).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new AssertionError("trailing bytes after the Avro datum of schema id " + schemaId(payload));
            }
            return value;
        } catch (IOException e) {
            throw new AssertionError("payload does not decode with registered schema id "
                    + schemaId(payload) + ": " + e.getMessage(), e);
        }
    }

    /** The schema registered under an id (fetched once, then cached). */
    public Schema schema(int id) {
        return schemasById.computeIfAbsent(id, this::fetchSchema);
    }

    /**
     * Asserts that a reader using {@code schemas/<schemaName>.avsc} (the project's contract) can read data
     * written with the schema registered under {@code writerSchemaId}.
     */
    public void assertReaderCompatible(int writerSchemaId, String schemaName) {
        assertReaderCompatible(schema(writerSchemaId), schemaName);
    }

    /** As {@link #assertReaderCompatible(int, String)}, with the writer schema in hand. */
    public static void assertReaderCompatible(Schema writer, String schemaName) {
        Schema reader = AvroSchemaConverter.loadAvro(schemaName);
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            throw new AssertionError("schemas/" + schemaName + ".avsc cannot read data written with the registered"
                    + " schema: " + result.getResult().getIncompatibilities() + "\nwriter: " + writer);
        }
    }

    private Schema fetchSchema(int id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ccompatUrl + "/schemas/ids/" + id))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("registry has no schema id " + id + ": HTTP " + response.statusCode()
                        + " " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch schema id " + id + " from " + ccompatUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching schema id " + id, e);
        }
    }

    private static void checkHeader(byte[] payload) {
        if (payload == null || payload.length < HEADER_LENGTH || payload[0] != MAGIC_BYTE) {
            throw new AssertionError("not Confluent wire format (magic byte 0 + 4-byte schema id): "
                    + (payload == null ? "null" : payload.length + " bytes"));
        }
    }
}
