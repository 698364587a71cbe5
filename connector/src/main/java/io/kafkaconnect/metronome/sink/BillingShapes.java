package io.kafkaconnect.metronome.sink;

import static io.kafkaconnect.metronome.sink.CommandFields.reject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shapes of a CREATE's {@code billing_config} and {@code customer_billing_provider_configurations}, as Metronome's
 * create-customer API defines them (seed 000; the SDK's newer values are accepted too): a CREATE that Metronome would
 * refuse for them is rejected here, with the field's path, before any call. Fields the API does not define are
 * left to Metronome.
 */
final class BillingShapes {

    static final Set<String> PROVIDER_TYPES = Set.of("aws_marketplace", "stripe", "netsuite", "custom",
            "azure_marketplace", "quickbooks_online", "workday", "gcp_marketplace", "metronome");
    static final Set<String> STRIPE_COLLECTION_METHODS = Set.of("charge_automatically", "send_invoice",
            "auto_charge_payment_intent", "manually_charge_payment_intent");
    static final Set<String> AWS_REGIONS = Set.of("af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "cn-north-1",
            "cn-northwest-1", "eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3",
            "me-south-1", "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1",
            "us-west-2");
    static final Set<String> CONFIGURATION_PROVIDERS = Set.of("aws_marketplace", "azure_marketplace",
            "gcp_marketplace", "stripe", "netsuite");
    static final Set<String> DELIVERY_METHODS = Set.of("direct_to_billing_provider", "aws_sqs", "tackle", "aws_sns");
    static final Set<String> TAX_PROVIDERS = Set.of("anrok", "avalara", "stripe");

    private BillingShapes() {
    }

    /** {@code billing_config}: the provider's customer id and type are required; the rest is typed when set. */
    static void checkBillingConfig(JsonNode config) {
        String path = CommandParser.BILLING_CONFIG;
        text(config, "billing_provider_customer_id", path, true);
        oneOf(config, "billing_provider_type", PROVIDER_TYPES, path, true);
        oneOf(config, "stripe_collection_method", STRIPE_COLLECTION_METHODS, path, false);
        oneOf(config, "aws_region", AWS_REGIONS, path, false);
        text(config, "aws_product_code", path, false);
        text(config, "aws_customer_id", path, false);
        text(config, "aws_customer_account_id", path, false);
        JsonNode subscription = config.get("aws_is_subscription_product");
        if (present(subscription) && !subscription.isBoolean()) {
            throw reject(path + ".aws_is_subscription_product must be a boolean");
        }
    }

    /** Each configuration: an object naming its billing provider and a delivery method (or its id). */
    static void checkProviderConfigurations(JsonNode configurations) {
        for (int i = 0; i < configurations.size(); i++) {
            String path = CommandParser.BILLING_PROVIDER_CONFIGURATIONS + "[" + i + "]";
            JsonNode item = configurations.get(i);
            if (!item.isObject()) {
                throw reject(path + " must be an object, not " + item.getNodeType().name().toLowerCase());
            }
            oneOf(item, "billing_provider", CONFIGURATION_PROVIDERS, path, true);
            boolean method = oneOf(item, "delivery_method", DELIVERY_METHODS, path, false);
            boolean methodId = text(item, "delivery_method_id", path, false);
            if (!method && !methodId) {
                throw reject(path + " needs delivery_method or delivery_method_id");
            }
            JsonNode configuration = item.get("configuration");
            if (present(configuration) && !configuration.isObject()) {
                throw reject(path + ".configuration must be an object");
            }
            oneOf(item, "tax_provider", TAX_PROVIDERS, path, false);
        }
    }

    /** Whether the field is set; refuses a value that is not a non-blank string. */
    private static boolean text(JsonNode object, String field, String path, boolean required) {
        JsonNode value = object.get(field);
        if (!present(value)) {
            if (required) {
                throw reject(path + "." + field + " is required");
            }
            return false;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw reject(path + "." + field + " must be a non-blank string");
        }
        return true;
    }

    private static boolean oneOf(JsonNode object, String field, Set<String> allowed, String path, boolean required) {
        if (!text(object, field, path, required)) {
            return false;
        }
        String value = object.get(field).asText();
        if (!allowed.contains(value)) {
            throw reject(path + "." + field + " must be one of " + new TreeSet<>(allowed) + ", not \"" + value + "\"");
        }
        return true;
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }
}
