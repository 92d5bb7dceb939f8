package dev.fling.runtime.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** {@code spec.job} of a FlinkDeployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public class JobSpec {
    public static final String RUNNING = "running";
    public static final String SUSPENDED = "suspended";
    public static final String STATELESS = "stateless";
    public static final String SAVEPOINT = "savepoint";

    public String jarURI;
    public String entryClass;
    public List<String> args;
    public Integer parallelism;
    public String upgradeMode;
    public String state;
    public String initialSavepointPath;
    public Boolean allowNonRestoredState;
    public Long savepointTriggerNonce;
}
