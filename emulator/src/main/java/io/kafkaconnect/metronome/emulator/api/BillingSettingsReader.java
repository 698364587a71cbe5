package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.ApiException;

import java.util.List;

/**
 * Validates create customer's {@code billing_config} and {@code customer_billing_provider_configurations} as seed
 * 000 documents them: the enums, the required fields (the SDK's {@code CustomerCreateParams} marks
 * {@code billing_provider_customer_id}, {@code billing_provider_type} and {@code billing_provider} required) and
 * "{@code delivery_method} or {@code delivery_method_id}". Where the newer SDK knows more (billing provider type
 * {@code metronome}, the beta Stripe collection methods {@code auto_charge_payment_intent} and
 * {@code manually_charge_payment_intent}, {@code aws_customer_account_id}, {@code aws_customer_id},
 * {@code tax_provider}), the seeds win and those are refused.
 */
final class BillingSettingsReader {
    static final List<String> BILLING_PROVIDER_TYPES = List.of("aws_marketplace", "stripe", "netsuite", "custom",
            "azure_marketplace", "quickbooks_online", "workday", "gcp_marketplace");
    static final List<String> AWS_REGIONS = List.of("af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "cn-north-1",
            "cn-northwest-1", "eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3",
            "me-south-1", "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1",
            "us-west-2");
    static final List<String> STRIPE_COLLECTION_METHODS = List.of("charge_automatically", "send_invoice");
    static final List<String> BILLING_PROVIDERS = List.of("aws_marketplace", "azure_marketplace", "gcp_marketplace",
            "stripe", "netsuite");
    static final List<String> DELIVERY_METHODS = List.of("direct_to_billing_provider", "aws_sqs", "tackle", "aws_sns");

    private static final List<String> BILLING_CONFIG_FIELDS = List.of("billing_provider_customer_id",
            "billing_provider_type", "aws_is_subscription_product", "aws_product_code", "aws_region",
            "stripe_collection_method");
    private static final List<String> PROVIDER_CONFIGURATION_FIELDS = List.of("billing_provider", "configuration",
            "delivery_method", "delivery_method_id");

    private BillingSettingsReader() {
    }

    /** The validated {@code billing_config} (a copy), or null when absent. */
    static JsonNode billingConfig(JsonObjectReader body) {
        return body.optionalObject("billing_config").map(node -> {
            JsonObjectReader config = JsonObjectReader.nested(node, body.name("billing_config"), BILLING_CONFIG_FIELDS);
            config.requiredString("billing_provider_customer_id");
            config.requiredEnum("billing_provider_type", BILLING_PROVIDER_TYPES);
            config.optionalBoolean("aws_is_subscription_product");
            config.optionalString("aws_product_code");
            config.optionalEnum("aws_region", AWS_REGIONS);
            config.optionalEnum("stripe_collection_method", STRIPE_COLLECTION_METHODS);
            return (JsonNode) node.deepCopy();
        }).orElse(null);
    }

    /** Validates {@code customer_billing_provider_configurations}; the emulator delivers no invoices, so keeps none. */
    static void providerConfigurations(JsonObjectReader body) {
        String field = "customer_billing_provider_configurations";
        body.optionalArray(field).ifPresent(configurations -> {
            for (int i = 0; i < configurations.size(); i++) {
                providerConfiguration(JsonObjectReader.nested(configurations.get(i), body.name(field) + "[" + i + "]",
                        PROVIDER_CONFIGURATION_FIELDS));
            }
        });
    }

    private static void providerConfiguration(JsonObjectReader configuration) {
        configuration.requiredEnum("billing_provider", BILLING_PROVIDERS);
        configuration.optionalObject("configuration");
        boolean method = configuration.optionalEnum("delivery_method", DELIVERY_METHODS).isPresent();
        boolean methodId = configuration.optionalString("delivery_method_id").isPresent();
        if (!method && !methodId) {
            throw ApiException.badRequest(configuration.name("delivery_method") + " or "
                    + configuration.name("delivery_method_id") + " is required; delivery_method must be one of: "
                    + String.join(", ", DELIVERY_METHODS));
        }
    }
}
