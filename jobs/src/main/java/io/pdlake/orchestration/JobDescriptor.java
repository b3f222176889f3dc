package io.pdlake.orchestration;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** One job of orchestration/jobs: what runs, what it reads and writes, what it waits for, how it retries. */
public record JobDescriptor(String job, String description, String mainClass, List<String> arguments, List<String> inputs, List<String> outputs,
        List<String> dependsOn, Map<String, Integer> defaultArgs, Map<String, Object> resources, String sourceFile)
{
    public JobDescriptor
    {
        requireNonNull(job, "job is null");
        requireNonNull(description, "description is null");
        requireNonNull(mainClass, "mainClass is null");
        arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        dependsOn = List.copyOf(requireNonNull(dependsOn, "dependsOn is null"));
        defaultArgs = Map.copyOf(requireNonNull(defaultArgs, "defaultArgs is null"));
        resources = Map.copyOf(requireNonNull(resources, "resources is null"));
        requireNonNull(sourceFile, "sourceFile is null");
    }

    public int retries()
    {
        return defaultArgs.getOrDefault("retries", 0);
    }
}
