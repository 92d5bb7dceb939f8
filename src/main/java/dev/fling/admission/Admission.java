package dev.fling.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fling.events.DataSchemas;
import dev.fling.events.RequestContext;
import dev.fling.events.RequestType;
import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.JobReference;
import dev.fling.events.payload.LaunchRequest;
import dev.fling.events.payload.RejectionReason;
import dev.fling.runtime.JobDefinition;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import dev.fling.tenants.Tenant;
import dev.fling.tenants.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a decoded CloudEvent into a {@link Command}, or refuses it: known type, JSON data that
 * matches its schema in events-schema/, and, for a launch, the policy. The same path serves
 * every ingress.
 */
@ApplicationScoped
public class Admission {

    private final DataSchemas schemas;
    private final LaunchDefinitions definitions;
    private final TenantPolicies tenants;
    private final ObjectMapper mapper;

    @Inject
    public Admission(DataSchemas schemas, LaunchDefinitions definitions, PolicyConfig policy, Tenants tenants,
            ObjectMapper mapper) {
        this(schemas, definitions, new TenantPolicies(tenants, PolicyRules.of(policy)), mapper);
    }

    /** One policy for every source, no tenants and no queue. */
    public Admission(DataSchemas schemas, LaunchDefinitions definitions, LaunchPolicy policy, ObjectMapper mapper) {
        this(schemas, definitions, TenantPolicies.single(policy), mapper);
    }

    private Admission(DataSchemas schemas, LaunchDefinitions definitions, TenantPolicies tenants, ObjectMapper mapper) {
        this.schemas = schemas;
        this.definitions = definitions;
        this.tenants = tenants;
        this.mapper = mapper;
    }

    /** The command the event asks for; throws {@link RequestRejectedException} when refused. */
    public Command admit(CloudEvent event) {
        return admit(event, Optional.empty());
    }

    /**
     * The command the event asks for, sent by an authenticated caller ({@code subject}; none over
     * Kafka, or without authentication), who must be allowed to speak for the launch's tenant.
     */
    public Command admit(CloudEvent event, Optional<String> subject) {
        RequestType type = RequestType.of(event.getType()).orElseThrow(() -> rejected(RejectionReason.UNKNOWN_TYPE,
                "type '" + event.getType() + "' is not a Fling request; expected one of "
                        + String.join(", ", List.of(RequestType.values()).stream().map(RequestType::type).toList())));
        JsonNode data = readData(event);
        List<FieldError> errors = type == RequestType.LAUNCH ? SqlLaunches.clarify(data,
                schemas.validate(type.schemaFile(), data)) : schemas.validate(type.schemaFile(), data);
        if (!errors.isEmpty()) {
            throw new RequestRejectedException(new Rejection(RejectionReason.INVALID_DATA,
                    "data does not match " + type.schemaFile(), errors, data.path("job").textValue()));
        }
        RequestContext request = RequestContext.of(event);
        if (type != RequestType.LAUNCH) {
            // Who may speak for the sender's tenant; whether it may touch the job is the dispatcher's to say.
            try {
                tenants.tenantOf(request, subject);
            } catch (RequestRejectedException e) {
                throw new RequestRejectedException(e.rejection().forJob(data.path("job").textValue()));
            }
        }
        return switch (type) {
            case LAUNCH -> launch(request, convert(data, LaunchRequest.class), subject);
            case RESCALE -> {
                JobReference ref = convert(data, JobReference.class);
                yield new Command.Rescale(request, ref.job(), ref.parallelism());
            }
            case CANCEL -> {
                JobReference ref = convert(data, JobReference.class);
                yield new Command.Cancel(request, ref.job(), Boolean.TRUE.equals(ref.savepoint()));
            }
            case SAVEPOINT -> {
                JobReference ref = convert(data, JobReference.class);
                yield new Command.Savepoint(request, ref.job(), ref.targetDirectory());
            }
        };
    }

    private Command launch(RequestContext request, LaunchRequest launch, Optional<String> subject) {
        JobDefinition definition = definitions.from(request, launch);
        List<FieldError> autoscaleConflicts = AutoscaleKeys.conflicts(launch);
        if (!autoscaleConflicts.isEmpty()) {
            throw new RequestRejectedException(new Rejection(RejectionReason.INVALID_DATA,
                    "the launch gives the autoscaler's settings twice", autoscaleConflicts, definition.ref().name()));
        }
        List<FieldError> scriptFaults = SqlLaunches.faults(launch);
        if (!scriptFaults.isEmpty()) {
            throw new RequestRejectedException(new Rejection(RejectionReason.INVALID_DATA,
                    "the SQL launch cannot run as it is", scriptFaults, definition.ref().name()));
        }
        try {
            Tenant tenant = tenants.tenantOf(request, subject);
            int priority = Objects.requireNonNullElse(launch.priority(), 0);
            return new Command.Launch(tenants.check(tenant, definition, priority));
        } catch (RequestRejectedException e) {
            Rejection rejection = e.rejection();
            throw new RequestRejectedException(new Rejection(rejection.reason(), rejection.message(),
                    AutoscaleKeys.inRequestTerms(rejection.errors(), launch), definition.ref().name()));
        }
    }

    private JsonNode readData(CloudEvent event) {
        String contentType = event.getDataContentType();
        if (contentType != null && !isJson(contentType)) {
            throw rejected(RejectionReason.UNSUPPORTED_CONTENT_TYPE,
                    "data content type '" + contentType + "' is not JSON; send application/json");
        }
        CloudEventData data = event.getData();
        if (data == null || data.toBytes().length == 0) {
            throw new RequestRejectedException(new Rejection(RejectionReason.INVALID_DATA, "the request has no data",
                    List.of(new FieldError("", "data is required")), null));
        }
        try {
            return RequestJson.read(data.toBytes());
        } catch (IOException e) {
            throw new RequestRejectedException(new Rejection(RejectionReason.INVALID_DATA, "data is not valid JSON",
                    List.of(new FieldError("", firstLine(e.getMessage()))), null));
        }
    }

    private <T> T convert(JsonNode data, Class<T> type) {
        try {
            return mapper.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            // The schema admitted it, so this is a mismatch between schema and records: say so plainly.
            throw new RequestRejectedException(new Rejection(RejectionReason.INVALID_DATA,
                    "data could not be read: " + firstLine(e.getOriginalMessage()), List.of(), null));
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json") || mediaType.equals("text/json");
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static RequestRejectedException rejected(RejectionReason reason, String message) {
        return new RequestRejectedException(Rejection.of(reason, message));
    }
}
