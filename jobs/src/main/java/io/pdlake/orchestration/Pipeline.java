package io.pdlake.orchestration;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One pipeline of orchestration/pipelines, an Airflow DAG: its schedule and its jobs; with
 * {@code oneSession}, the DAG is one task running them all in one Spark application (pdlake run).
 */
public record Pipeline(String name, String description, String schedule, List<String> tasks, boolean oneSession, String sourceFile)
{
    public Pipeline
    {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(schedule, "schedule is null");
        tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
        requireNonNull(sourceFile, "sourceFile is null");
    }
}
