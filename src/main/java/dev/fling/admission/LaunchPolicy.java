package dev.fling.admission;

import dev.fling.admission.sql.FlinkSqlScripts;
import dev.fling.admission.sql.SqlScriptCheck;
import dev.fling.events.payload.FieldError;
import dev.fling.runtime.JobDefinition;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps a launch within what its operator allows: namespace, image, jar or script source, Flink
 * configuration keys (in flinkConfiguration and a script's SET), a script's connectors, resource
 * sizes and deadline. Checked on the definition with defaults
 * applied, so a default can never smuggle something past it.
 */
public class LaunchPolicy {

    private static final List<String> RESERVED_LABEL_PREFIXES = List.of("app.kubernetes.io/managed-by", "fling.dev/");

    private final PolicyRules policy;
    private final long maxMemoryBytes;

    public LaunchPolicy(PolicyConfig policy) {
        this(PolicyRules.of(policy));
    }

    LaunchPolicy(PolicyRules policy) {
        this.policy = policy;
        this.maxMemoryBytes = MemorySize.parseBytes(policy.maxMemory());
    }

    /** Highest priority a launch may carry under this policy. */
    int maxPriority() {
        return policy.maxPriority();
    }

    /** Every violation, each naming the field it concerns; empty when the launch is allowed. */
    public List<FieldError> violations(JobDefinition job) {
        List<FieldError> errors = new ArrayList<>();
        if (!policy.allowedNamespaces().contains(job.ref().namespace())) {
            errors.add(new FieldError("/namespace", "namespace '" + job.ref().namespace()
                    + "' is not allowed; allowed: " + String.join(", ", policy.allowedNamespaces())));
        }
        if (policy.allowedImagePrefixes().stream().noneMatch(prefix -> imageMatches(job.image(), prefix))) {
            errors.add(new FieldError("/image", "image '" + job.image() + "' does not start with an allowed prefix: "
                    + String.join(", ", policy.allowedImagePrefixes())));
        }
        if (job.jarURI() != null) {
            String scheme = jarScheme(job.jarURI());
            if (!policy.allowedJarSchemes().contains(scheme)) {
                errors.add(new FieldError("/jarURI", "jar URI scheme '" + scheme + "' is not allowed; allowed: "
                        + String.join(", ", policy.allowedJarSchemes())));
            }
        }
        if (job.sql() != null && job.sql().uri() != null) {
            String scheme = jarScheme(job.sql().uri());
            if (!policy.allowedJarSchemes().contains(scheme)) {
                errors.add(new FieldError("/sqlURI", "SQL script URI scheme '" + scheme + "' is not allowed; allowed: "
                        + String.join(", ", policy.allowedJarSchemes())));
            }
        }
        if (job.sql() != null && job.sql().text() != null) {
            errors.addAll(SqlScriptCheck.violations(FlinkSqlScripts.parse(job.sql().text()),
                    policy.allowedConnectors(), policy.forbiddenConfigurationKeys()));
        }
        if (job.jarURI() != null) {
            JarSources.violation(job.jarURI(), policy.allowedJarHosts())
                    .ifPresent(problem -> errors.add(new FieldError("/jarURI", problem)));
        }
        if (job.sql() != null && job.sql().uri() != null) {
            // The runner downloads the script as the local runtime downloads a jar: the same hosts and paths.
            JarSources.violation(JarSources.Kind.SQL_SCRIPT, job.sql().uri(), policy.allowedJarHosts())
                    .ifPresent(problem -> errors.add(new FieldError("/sqlURI", problem)));
        }
        job.flinkConfiguration().keySet().stream().sorted().forEach(key -> forbiddenPrefix(key).ifPresent(prefix ->
                errors.add(new FieldError("/flinkConfiguration/" + pointerEscape(key),
                        "Flink configuration key '" + key + "' may not be set by a request (matches '" + prefix + "')"))));
        if (job.parallelism() > policy.maxParallelism()) {
            errors.add(new FieldError("/parallelism",
                    "parallelism " + job.parallelism() + " is above the limit of " + policy.maxParallelism()));
        }
        errors.addAll(AutoscalePolicy.violations(job, policy.maxParallelism()));
        checkResources("/jobManager", job.jobManager(), errors);
        checkResources("/taskManager", job.taskManager(), errors);
        if (job.policy().deadlineSeconds() > policy.maxDeadlineSeconds()) {
            errors.add(new FieldError("/deadlineSeconds", "deadline of " + job.policy().deadlineSeconds()
                    + " s is above the limit of " + policy.maxDeadlineSeconds() + " s"));
        }
        for (String label : job.labels().keySet()) {
            if (RESERVED_LABEL_PREFIXES.stream().anyMatch(label::startsWith)) {
                errors.add(new FieldError("/labels/" + pointerEscape(label), "label '" + label + "' is reserved for Fling"));
            }
        }
        return errors;
    }

    private void checkResources(String field, JobDefinition.ProcessResources resources, List<FieldError> errors) {
        if (resources.cpu() > policy.maxCpu()) {
            errors.add(new FieldError(field + "/cpu",
                    "cpu " + resources.cpu() + " is above the limit of " + policy.maxCpu()));
        }
        try {
            if (MemorySize.parseBytes(resources.memory()) > maxMemoryBytes) {
                errors.add(new FieldError(field + "/memory",
                        "memory " + resources.memory() + " is above the limit of " + policy.maxMemory()));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field + "/memory", e.getMessage()));
        }
    }

    /**
     * An image within a prefix. A prefix ending in ':' (a repository and the tag separator) admits
     * tags only: "flink:5000/miner" starts with "flink:" but names registry "flink", port 5000.
     */
    static boolean imageMatches(String image, String prefix) {
        if (!image.startsWith(prefix)) {
            return false;
        }
        return !prefix.endsWith(":") || image.indexOf('/', prefix.length()) < 0;
    }

    private Optional<String> forbiddenPrefix(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return policy.forbiddenConfigurationKeys().stream().filter(lower::startsWith).findFirst();
    }

    /** The scheme of a jar URI; an absolute path (or an unparseable URI) counts as "file". */
    static String jarScheme(String jarURI) {
        if (jarURI.startsWith("/")) {
            return "file";
        }
        try {
            String scheme = URI.create(jarURI).getScheme();
            return scheme == null ? "file" : scheme.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            int colon = jarURI.indexOf(':');
            return colon > 0 ? jarURI.substring(0, colon).toLowerCase(Locale.ROOT) : "file";
        }
    }

    /** Escapes a map key for use in a JSON pointer (RFC 6901). */
    static String pointerEscape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
