package io.kafkaconnect.metronome.emulator.state;

import io.kafkaconnect.metronome.emulator.ApiException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The organisation's allow list of custom field keys, per entity type ({@code /v1/customFields/addKey},
 * {@code listKeys}, {@code removeKey}). Metronome refuses custom fields whose keys are not on the list, so
 * creating a customer or a billable metric with such a key is a 400 "Invalid custom field keys: ...".
 *
 * <p>Preset keys (given at startup or by {@link io.kafkaconnect.metronome.emulator.MetronomeEmulator}) are
 * registered again by {@link #clear()}, so a reset emulator still knows them.
 */
public final class CustomFieldKeys {
    /** The entity types of the SDK's custom-field endpoints ({@code custom-fields.ts}). */
    public static final List<String> ENTITIES = List.of("alert", "billable_metric", "charge", "commit",
            "contract_credit", "contract_product", "contract", "credit_grant", "customer_plan", "customer", "discount",
            "invoice", "plan", "professional_service", "product", "rate_card", "scheduled_charge", "subscription",
            "package_commit", "package_credit", "package_subscription", "package_scheduled_charge");
    /** Metronome's documented limit on a custom field key's length. */
    public static final int MAX_KEY_LENGTH = 100;

    /** One registered key; {@code seq} orders the listing and positions its cursor. */
    public record Key(long seq, String entity, String key, boolean enforceUniqueness) {
    }

    private record EntityKey(String entity, String key) {
    }

    private final Map<EntityKey, Key> keys = new LinkedHashMap<>();
    private final Map<EntityKey, Boolean> presets = new LinkedHashMap<>();
    private long lastSeq;

    /** Registers a key; registering it again only updates {@code enforceUniqueness}. */
    public synchronized Key add(String entity, String key, boolean enforceUniqueness) {
        EntityKey id = new EntityKey(requireEntity(entity), requireKey(key));
        Key existing = keys.get(id);
        Key registered = new Key(existing == null ? ++lastSeq : existing.seq(), entity, key, enforceUniqueness);
        keys.put(id, registered);
        return registered;
    }

    /** Registers a key now and again after every {@link #clear()}. */
    public synchronized void preset(String entity, String key, boolean enforceUniqueness) {
        Key registered = add(entity, key, enforceUniqueness);
        presets.put(new EntityKey(registered.entity(), registered.key()), enforceUniqueness);
    }

    /** @throws ApiException 404 when the key is not registered for that entity */
    public synchronized void remove(String entity, String key) {
        if (keys.remove(new EntityKey(requireEntity(entity), key)) == null) {
            throw ApiException.notFound("Custom field key \"" + key + "\" is not registered for entity " + entity);
        }
    }

    /** Keys of the given entities (all when {@code entities} is empty) registered after {@code afterSeq}, in order. */
    public synchronized ListPage<Key> list(Set<String> entities, long afterSeq, int limit) {
        List<Key> collected = new ArrayList<>();
        for (Key key : keys.values()) {
            if (key.seq() > afterSeq && (entities.isEmpty() || entities.contains(key.entity()))) {
                collected.add(key);
                if (collected.size() > limit) {
                    break;
                }
            }
        }
        return ListPage.fromOverfetch(collected, limit);
    }

    /** @throws ApiException 400 "Invalid custom field keys: a, b" naming the keys not registered for {@code entity} */
    public synchronized void requireRegistered(String entity, Collection<String> fieldKeys) {
        Set<String> unknown = new TreeSet<>();
        for (String key : fieldKeys) {
            if (!keys.containsKey(new EntityKey(entity, key))) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Invalid custom field keys: " + String.join(", ", unknown));
        }
    }

    /**
     * What Metronome checks before it stores custom field values on an instance of {@code entity}.
     *
     * @param others the custom fields of every other instance of the entity, for keys that enforce uniqueness
     * @throws ApiException 400 for unregistered keys; 409 when a key that enforces uniqueness already has the
     *                      value on another instance
     */
    public synchronized void requireAllowed(String entity, Map<String, String> fields,
                                            Iterable<Map<String, String>> others) {
        requireRegistered(entity, fields.keySet());
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!keys.get(new EntityKey(entity, field.getKey())).enforceUniqueness()) {
                continue;
            }
            for (Map<String, String> other : others) {
                if (field.getValue().equals(other.get(field.getKey()))) {
                    throw ApiException.conflict("Custom field " + field.getKey() + " must be unique, and the value \""
                            + field.getValue() + "\" is already set on another " + entity.replace('_', ' '));
                }
            }
        }
    }

    /** Forgets every key but the presets. */
    public synchronized void clear() {
        keys.clear();
        lastSeq = 0;
        presets.forEach((id, unique) -> add(id.entity(), id.key(), unique));
    }

    private static String requireEntity(String entity) {
        if (!ENTITIES.contains(Objects.requireNonNull(entity, "entity"))) {
            throw ApiException.badRequest("entity must be one of: " + String.join(", ", ENTITIES)
                    + " (got \"" + entity + "\")");
        }
        return entity;
    }

    private static String requireKey(String key) {
        int length = Objects.requireNonNull(key, "key").codePointCount(0, key.length());
        if (length < 1 || length > MAX_KEY_LENGTH) {
            throw ApiException.badRequest("key must be 1 to " + MAX_KEY_LENGTH + " characters long");
        }
        return key;
    }
}
