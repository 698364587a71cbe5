package io.kafkaconnect.metronome.sink;

import static io.kafkaconnect.metronome.client.Failures.unwrap;

import io.kafkaconnect.metronome.client.ApiRequest;
import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.client.Failures;
import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeException;
import io.kafkaconnect.metronome.client.MetronomeRequests;
import io.kafkaconnect.metronome.client.MetronomeTransportException;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.PreviewEventsRequest;
import io.kafkaconnect.metronome.client.model.UpdateConfigRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one command to Metronome, asynchronously, so that applying it again changes nothing.
 *
 * <ul>
 *   <li>Every POST carries an Idempotency-Key derived from the command id: the id itself on the first attempt,
 *       {@code id + "/" + attempt} later. Metronome replays a stored 5xx for a repeated key, so a new attempt
 *       needs a new key.</li>
 *   <li>CREATE is find-or-create on its ingest alias in one request: it creates, and a 409 (alias taken) resolves
 *       to the alias owner if there is one (ALREADY_APPLIED, or APPLIED when an earlier attempt may have made it
 *       after a 5xx), else the command is REJECTED. A redelivered CREATE gets Metronome's stored answer under its
 *       Idempotency-Key, like every other action, unless this task already knows the alias owner.</li>
 *   <li>A CREATE without ingest alias cannot be looked up: it relies on the Idempotency-Key alone, the command id
 *       on every attempt (see {@code createByKeyAlone}).</li>
 *   <li>Names are sent as given: Metronome truncates one over 160 characters, and the outcome's message says
 *       so.</li>
 *   <li>Set name, set aliases and update config are full replacements, so retrying them under a new key is
 *       safe; a second archive (400 "already archived") is ALREADY_APPLIED.</li>
 *   <li>Transient failures (429, 5xx, transport, after the client's own retries) are retried with backoff until
 *       the command is applied or rejected. Other 4xx are permanent: the command is REJECTED with the status and
 *       Metronome's message, 403 included (the token is not allowed this call; other calls may be, so the task goes
 *       on). The returned future fails only on 401 (no call can succeed: the task must stop) or a bug.</li>
 *   <li>A command the caller no longer wants (its partition was revoked) makes no further attempt: its future is
 *       cancelled, so a copy left behind by a rebalance does not keep writing after the new owner's copy.</li>
 * </ul>
 */
final class CommandApplier {

    private static final Logger log = LoggerFactory.getLogger(CommandApplier.class);

    private final MetronomeClient client;
    private final AliasResolver aliases;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;

    CommandApplier(MetronomeClient client, AliasResolver aliases, ScheduledExecutorService scheduler, Backoff backoff) {
        this.client = client;
        this.aliases = aliases;
        this.scheduler = scheduler;
        this.backoff = backoff;
    }

    /** The Idempotency-Key of a command's POST on the given attempt (1-based). */
    static String idempotencyKey(String commandId, int attempt) {
        return attempt == 1 ? commandId : commandId + "/" + attempt;
    }

    CompletableFuture<CommandOutcome> apply(CustomerCommand command) {
        return apply(command, () -> true);
    }

    /** Applies {@code command} while {@code wanted} holds (checked before each attempt), else cancels the result. */
    CompletableFuture<CommandOutcome> apply(CustomerCommand command, BooleanSupplier wanted) {
        CompletableFuture<CommandOutcome> result = new CompletableFuture<>();
        attempt(command, 1, false, wanted, result);
        return result;
    }

    /**
     * @param mayHaveApplied an earlier attempt got no answer or a 5xx from a POST, so it may have taken effect:
     *                       finding the commanded state then counts as APPLIED, not ALREADY_APPLIED
     */
    private void attempt(CustomerCommand command, int attempt, boolean mayHaveApplied, BooleanSupplier wanted,
                         CompletableFuture<CommandOutcome> result) {
        if (!wanted.getAsBoolean()) {
            result.cancel(false);
            return;
        }
        CompletableFuture<CommandOutcome> once;
        try {
            once = applyOnce(command, new Attempt(idempotencyKey(command.commandId(), attempt), mayHaveApplied));
        } catch (RuntimeException e) {
            once = CompletableFuture.failedFuture(e);
        }
        once.whenComplete((outcome, error) -> {
            if (error == null) {
                result.complete(outcome);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof CommandRejection rejection) {
                result.complete(CommandOutcome.rejected(null, rejection.getMessage()));
                return;
            }
            switch (Failures.kind(cause)) {
                case TRANSIENT -> {
                    MetronomeException failure = (MetronomeException) cause;
                    boolean mayHaveNow = mayHaveApplied || mayHaveTakenEffect(failure);
                    retryLater(command, attempt, mayHaveNow, wanted, failure, result);
                }
                case FORBIDDEN, REFUSED -> {
                    MetronomeApiException api = (MetronomeApiException) cause;
                    result.complete(CommandOutcome.rejected(null, "Metronome refused " + command.action()
                            + " with HTTP " + api.status() + ": " + api.apiMessage()));
                }
                default -> result.completeExceptionally(cause); // a refused token stops the task; else a bug
            }
        });
    }

    private void retryLater(CustomerCommand command, int attempt, boolean mayHaveApplied, BooleanSupplier wanted,
                            MetronomeException failure, CompletableFuture<CommandOutcome> result) {
        Duration delay = backoff.delay(attempt, failure.retryAfter());
        log.info("Command {} ({}) failed transiently, retrying in {} ms under a new idempotency key: {}",
                command.commandId(), command.action(), delay.toMillis(), failure.getMessage());
        try {
            scheduler.schedule(() -> attempt(command, attempt + 1, mayHaveApplied, wanted, result), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            result.completeExceptionally(failure); // the task is stopping; the command's offset stays uncommitted
        }
    }

    private CompletableFuture<CommandOutcome> applyOnce(CustomerCommand command, Attempt attempt) {
        if (command instanceof CustomerCommand.Create create) {
            return create(create, attempt);
        }
        if (command instanceof CustomerCommand.SetName c) {
            return withCustomer(c.customer(), id -> send(MetronomeRequests.setName(id, c.name(), attempt.key))
                    .thenApply(customer -> CommandOutcome.applied(id, c.name(),
                            customer == null ? null : customer.name())));
        }
        if (command instanceof CustomerCommand.SetIngestAliases c) {
            return withCustomer(c.customer(), id ->
                    send(MetronomeRequests.setIngestAliases(id, c.ingestAliases(), attempt.key)).thenApply(none -> {
                        aliases.replaceAliases(id, c.ingestAliases());
                        return CommandOutcome.applied(id);
                    }));
        }
        if (command instanceof CustomerCommand.Archive c) {
            return withCustomer(c.customer(), id -> archive(id, attempt));
        }
        if (command instanceof CustomerCommand.UpdateConfig c) {
            UpdateConfigRequest body = new UpdateConfigRequest(c.leaveStripeInvoicesInDraft(), c.salesforceAccountId());
            return withCustomer(c.customer(), id -> send(MetronomeRequests.updateConfig(id, body, attempt.key))
                    .thenApply(none -> CommandOutcome.applied(id)));
        }
        CustomerCommand.PreviewEvents c = (CustomerCommand.PreviewEvents) command;
        PreviewEventsRequest body = new PreviewEventsRequest(c.events(), c.mode(), c.skipZeroQtyLineItems());
        return withCustomer(c.customer(), id -> send(MetronomeRequests.previewEvents(id, body, attempt.key))
                .thenApply(invoices -> new CommandOutcome(CommandStatus.APPLIED, id, null, invoices)));
    }

    /**
     * Find-or-create in one request when the customer does not exist yet: the POST itself; only a 409 (the alias, or
     * another alias of the command, is taken) costs a lookup of the alias owner. A customer this task knows owns the
     * alias already costs nothing.
     */
    private CompletableFuture<CommandOutcome> create(CustomerCommand.Create create, Attempt attempt) {
        if (create.ingestAlias() == null) {
            return createByKeyAlone(create);
        }
        String exists = "a customer with ingest alias \"" + create.ingestAlias() + "\" exists already";
        Optional<String> known = aliases.known(create.ingestAlias());
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(attempt.found(known.get(), exists));
        }
        return send(MetronomeRequests.createCustomer(createBody(create), attempt.key))
                .thenApply(customer -> {
                    aliases.replaceAliases(customer.id(), create.ingestAliases());
                    return CommandOutcome.applied(customer.id(), create.name(), customer.name());
                })
                .exceptionallyCompose(error -> {
                    if (!(unwrap(error) instanceof MetronomeApiException.ConflictException conflict)) {
                        return CompletableFuture.failedFuture(unwrap(error));
                    }
                    // Someone (maybe an earlier attempt of this command) owns the alias, or another alias of the
                    // command belongs to another customer: only the first is success.
                    return aliases.resolve(create.ingestAlias()).thenApply(owner -> owner
                            .map(id -> attempt.found(id, exists))
                            .orElseGet(() -> CommandOutcome.rejected(null, "Metronome refused CREATE with HTTP 409: "
                                    + conflict.apiMessage())));
                });
    }

    private static CreateCustomerRequest createBody(CustomerCommand.Create create) {
        return new CreateCustomerRequest(create.name(), create.ingestAliases(), create.externalId(),
                create.customFields(), create.billingConfig(), create.billingProviderConfigurations());
    }

    /**
     * A CREATE without an ingest alias has no natural key to look up: every attempt sends the command id itself as
     * Idempotency-Key, so a redelivery or a retry after a lost answer or a 429 gets Metronome's stored answer
     * instead of a second customer. Metronome stores a 5xx under the key too and replays it, and only a new key
     * would try again, which may create a duplicate: such a command is REJECTED, to be checked and resent.
     */
    private CompletableFuture<CommandOutcome> createByKeyAlone(CustomerCommand.Create create) {
        return send(MetronomeRequests.createCustomer(createBody(create), create.commandId()))
                .thenApply(customer -> {
                    aliases.replaceAliases(customer.id(), create.ingestAliases());
                    return CommandOutcome.applied(customer.id(), create.name(), customer.name());
                })
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof MetronomeApiException.ServerErrorException server) {
                        return CompletableFuture.failedFuture(new CommandRejection("Metronome answered HTTP "
                                + server.status() + " to a CREATE without ingest_alias and replays that answer for"
                                + " this command_id; the customer may have been created: check, and resend with a new"
                                + " command_id if it was not", null, null));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private CompletableFuture<CommandOutcome> archive(String customerId, Attempt attempt) {
        return send(MetronomeRequests.archiveCustomer(customerId, attempt.key))
                .thenApply(id -> CommandOutcome.applied(customerId))
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof MetronomeApiException.BadRequestException bad
                            && bad.apiMessage().toLowerCase(Locale.ROOT).contains("already archived")) {
                        return CompletableFuture.completedFuture(attempt.found(customerId, "customer already archived"));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /** Runs {@code action} with the customer's Metronome id, resolving an alias first. */
    private CompletableFuture<CommandOutcome> withCustomer(CustomerRef ref,
                                                           Function<String, CompletableFuture<CommandOutcome>> action) {
        if (ref.customerId() != null) {
            return action.apply(ref.customerId());
        }
        return aliases.resolve(ref.ingestAlias()).thenCompose(id -> id.isPresent()
                ? action.apply(id.get())
                : CompletableFuture.failedFuture(new CommandRejection(
                        "unknown customer: no customer owns ingest alias \"" + ref.ingestAlias() + "\"", null, null)));
    }

    private <T> CompletableFuture<T> send(ApiRequest<T> request) {
        return client.executeAsync(request);
    }

    private static boolean mayHaveTakenEffect(MetronomeException failure) {
        return failure instanceof MetronomeApiException.ServerErrorException
                || failure instanceof MetronomeTransportException;
    }

    /** One attempt: its idempotency key and whether an earlier attempt may already have taken effect. */
    private record Attempt(String key, boolean mayHaveApplied) {
        CommandOutcome found(String customerId, String message) {
            return mayHaveApplied
                    ? new CommandOutcome(CommandStatus.APPLIED, customerId, message + " (an earlier attempt made it)", null)
                    : CommandOutcome.alreadyApplied(customerId, message);
        }
    }
}
