package io.pdlake.orchestration;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One pipeline of orchestration/pipelines, an Airflow DAG: its schedule and its jobs. */
public record Pipeline(String name, String description, String schedule, List<String> tasks, String sourceFile)
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
