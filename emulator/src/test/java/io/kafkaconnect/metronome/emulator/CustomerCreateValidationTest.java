package io.kafkaconnect.metronome.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Create customer refuses, with a 400 naming the field and the allowed values, what seed 000 does not allow in
 * {@code billing_config} and {@code customer_billing_provider_configurations}; it stores nothing then.
 */
class CustomerCreateValidationTest extends EmulatorTestBase {

    private static Map<String, Object> stripe(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("billing_provider_type", "stripe",
                "billing_provider_customer_id", "cus_1"));
        config.putAll(extra);
        return config;
    }

    private static Map<String, Object> provider(Map<String, Object> fields) {
        return Map.of("name", "x", "customer_billing_provider_configurations", List.of(fields));
    }

    private EmulatorClient.Reply refused(Map<String, Object> body) {
        EmulatorClient.Reply reply = client.post("/v1/customers", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(emulator.customers()).isEmpty();
        return reply;
    }

    private void accepted(Map<String, Object> body) {
        EmulatorClient.Reply reply = client.post("/v1/customers", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws_marketplace", "stripe", "netsuite", "custom", "azure_marketplace",
            "quickbooks_online", "workday", "gcp_marketplace"})
    void everyDocumentedBillingProviderTypeIsAccepted(String type) {
        accepted(Map.of("name", "x", "billing_config", Map.of("billing_provider_type", type,
                "billing_provider_customer_id", "c-1")));
        assertThat(emulator.customers().get(0).billingConfig().get("billing_provider_type").asText()).isEqualTo(type);
    }

    @Test
    void anUnknownBillingProviderTypeIsRefusedWithTheAllowedValues() {
        // "metronome" is in the newer SDK, not in the seed: the seed wins
        for (String type : List.of("paypal", "metronome", "STRIPE")) {
            assertThat(refused(Map.of("name", "x", "billing_config", stripe(Map.of("billing_provider_type", type))))
                    .message()).isEqualTo("billing_config.billing_provider_type must be one of: aws_marketplace, stripe,"
                    + " netsuite, custom, azure_marketplace, quickbooks_online, workday, gcp_marketplace (got \""
                    + type + "\")");
        }
    }

    @Test
    void billingProviderTypeAndCustomerIdAreRequired() {
        assertThat(refused(Map.of("name", "x", "billing_config", Map.of("billing_provider_customer_id", "c"))).message())
                .startsWith("billing_config.billing_provider_type is required and must be one of: aws_marketplace,");
        assertThat(refused(Map.of("name", "x", "billing_config", Map.of("billing_provider_type", "stripe"))).message())
                .isEqualTo("billing_config.billing_provider_customer_id is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "cn-north-1", "cn-northwest-1",
            "eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1",
            "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2"})
    void everyDocumentedAwsRegionIsAccepted(String region) {
        accepted(Map.of("name", "x", "billing_config", Map.of("billing_provider_type", "aws_marketplace",
                "billing_provider_customer_id", "c-1", "aws_region", region, "aws_product_code", "prod-1",
                "aws_is_subscription_product", true)));
    }

    @Test
    void anUnknownAwsRegionIsRefused() {
        assertThat(refused(Map.of("name", "x", "billing_config", stripe(Map.of("aws_region", "mars-north-1"))))
                .message()).startsWith("billing_config.aws_region must be one of: af-south-1, ap-east-1,")
                .endsWith("us-west-1, us-west-2 (got \"mars-north-1\")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"charge_automatically", "send_invoice"})
    void everyDocumentedStripeCollectionMethodIsAccepted(String method) {
        accepted(Map.of("name", "x", "billing_config", stripe(Map.of("stripe_collection_method", method))));
    }

    @Test
    void anUnknownStripeCollectionMethodIsRefused() {
        // auto_charge_payment_intent is a beta value of the newer SDK, not in the seed
        for (String method : List.of("wire", "auto_charge_payment_intent")) {
            assertThat(refused(Map.of("name", "x", "billing_config", stripe(Map.of("stripe_collection_method", method))))
                    .message()).isEqualTo("billing_config.stripe_collection_method must be one of: charge_automatically,"
                    + " send_invoice (got \"" + method + "\")");
        }
    }

    @Test
    void billingConfigFieldsHaveTheirTypes() {
        assertThat(refused(Map.of("name", "x", "billing_config", stripe(Map.of("aws_is_subscription_product", "yes"))))
                .message()).isEqualTo("billing_config.aws_is_subscription_product must be a boolean");
        assertThat(refused(Map.of("name", "x", "billing_config", stripe(Map.of("aws_product_code", 7)))).message())
                .isEqualTo("billing_config.aws_product_code must be a string");
        assertThat(refused(Map.of("name", "x", "billing_config", stripe(Map.of("billing_provider_customer_id", 1))))
                .message()).isEqualTo("billing_config.billing_provider_customer_id must be a string");
        assertThat(refused(Map.of("name", "x", "billing_config", List.of())).message())
                .isEqualTo("billing_config must be an object");
    }

    @Test
    void anUnknownBillingConfigFieldIsRefused() {
        assertThat(refused(Map.of("name", "x", "billing_config", stripe(Map.of("aws_customer_id", "a")))).message())
                .isEqualTo("Unknown field: billing_config.aws_customer_id (allowed fields: billing_provider_customer_id,"
                        + " billing_provider_type, aws_is_subscription_product, aws_product_code, aws_region,"
                        + " stripe_collection_method)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws_marketplace", "azure_marketplace", "gcp_marketplace", "stripe", "netsuite"})
    void everyDocumentedBillingProviderIsAccepted(String provider) {
        accepted(provider(Map.of("billing_provider", provider, "delivery_method", "direct_to_billing_provider",
                "configuration", Map.of("anything", List.of(1, "goes")))));
    }

    @Test
    void anUnknownOrMissingBillingProviderIsRefused() {
        assertThat(refused(provider(Map.of("billing_provider", "custom", "delivery_method", "aws_sqs"))).message())
                .isEqualTo("customer_billing_provider_configurations[0].billing_provider must be one of: aws_marketplace,"
                        + " azure_marketplace, gcp_marketplace, stripe, netsuite (got \"custom\")");
        assertThat(refused(provider(Map.of("delivery_method", "aws_sqs"))).message())
                .startsWith("customer_billing_provider_configurations[0].billing_provider is required and must be one of:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_to_billing_provider", "aws_sqs", "tackle", "aws_sns"})
    void everyDocumentedDeliveryMethodIsAccepted(String method) {
        accepted(provider(Map.of("billing_provider", "aws_marketplace", "delivery_method", method)));
    }

    @Test
    void anUnknownDeliveryMethodIsRefused() {
        assertThat(refused(provider(Map.of("billing_provider", "stripe", "delivery_method", "email"))).message())
                .isEqualTo("customer_billing_provider_configurations[0].delivery_method must be one of:"
                        + " direct_to_billing_provider, aws_sqs, tackle, aws_sns (got \"email\")");
    }

    @Test
    void deliveryMethodOrDeliveryMethodIdIsRequired() {
        assertThat(refused(provider(Map.of("billing_provider", "stripe"))).message())
                .isEqualTo("customer_billing_provider_configurations[0].delivery_method or"
                        + " customer_billing_provider_configurations[0].delivery_method_id is required; delivery_method"
                        + " must be one of: direct_to_billing_provider, aws_sqs, tackle, aws_sns");
        accepted(provider(Map.of("billing_provider", "stripe", "delivery_method_id", "dm-1")));
        accepted(provider(Map.of("billing_provider", "stripe", "delivery_method_id", "dm-1",
                "delivery_method", "aws_sns")));
    }

    @Test
    void providerConfigurationsHaveTheirTypesAndNoOtherFields() {
        assertThat(refused(Map.of("name", "x", "customer_billing_provider_configurations", List.of(1))).message())
                .isEqualTo("customer_billing_provider_configurations[0] must be an object");
        assertThat(refused(provider(Map.of("billing_provider", "stripe", "delivery_method", "aws_sqs",
                "configuration", "x"))).message())
                .isEqualTo("customer_billing_provider_configurations[0].configuration must be an object");
        assertThat(refused(provider(Map.of("billing_provider", "stripe", "delivery_method_id", 5))).message())
                .isEqualTo("customer_billing_provider_configurations[0].delivery_method_id must be a string");
        // tax_provider is in the newer SDK, not in the seed
        assertThat(refused(provider(Map.of("billing_provider", "stripe", "delivery_method", "aws_sqs",
                "tax_provider", "anrok"))).message())
                .isEqualTo("Unknown field: customer_billing_provider_configurations[0].tax_provider (allowed fields:"
                        + " billing_provider, configuration, delivery_method, delivery_method_id)");
        assertThat(refused(Map.of("name", "x", "customer_billing_provider_configurations", Map.of())).message())
                .isEqualTo("customer_billing_provider_configurations must be an array");
    }

    @Test
    void theSecondOfSeveralConfigurationsIsCheckedToo() {
        assertThat(refused(Map.of("name", "x", "customer_billing_provider_configurations", List.of(
                Map.of("billing_provider", "stripe", "delivery_method", "direct_to_billing_provider"),
                Map.of("billing_provider", "netsuite")))).message())
                .startsWith("customer_billing_provider_configurations[1].delivery_method or");
    }

    @Test
    void anUnknownTopLevelFieldIsRefused() {
        String allowed = " (allowed fields: name, billing_config, custom_fields, customer_billing_provider_configurations,"
                + " external_id, ingest_aliases)";
        assertThat(refused(Map.of("nmae", "x")).message()).isEqualTo("Unknown field: nmae" + allowed);
        // customer_revenue_system_configurations is in the newer SDK, not in the seed
        assertThat(refused(Map.of("name", "x", "customer_revenue_system_configurations", List.of())).message())
                .isEqualTo("Unknown field: customer_revenue_system_configurations" + allowed);
    }

    @Test
    void aFullyValidRequestStoresTheBillingConfig() {
        accepted(Map.of("name", "Billed", "ingest_aliases", List.of("billed"), "external_id", "ext-billed",
                "billing_config", Map.of("billing_provider_type", "aws_marketplace",
                        "billing_provider_customer_id", "aws-1", "aws_product_code", "p", "aws_region", "eu-west-1",
                        "aws_is_subscription_product", false, "stripe_collection_method", "send_invoice"),
                "customer_billing_provider_configurations", List.of(Map.of("billing_provider", "aws_marketplace",
                        "delivery_method", "tackle", "configuration", Map.of()))));
        CustomerSnapshot stored = emulator.customers().get(0);
        assertThat(stored.billingConfig().get("aws_region").asText()).isEqualTo("eu-west-1");
        assertThat(stored.ingestAliases()).containsExactly("billed");
    }
}
