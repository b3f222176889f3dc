package io.pdlake.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.pdlake.catalog.ValidationProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The job descriptors and pipelines under orchestration/, checked against the JSON Schemas in
 * orchestration/schema and against each other: unknown dependencies, cycles, unknown tasks.
 */
public record Orchestration(Map<String, JobDescriptor> jobs, Map<String, Pipeline> pipelines, List<ValidationProblem> problems)
{
    public Orchestration
    {
        jobs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(jobs, "jobs is null")));
        pipelines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(pipelines, "pipelines is null")));
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }

    public static Orchestration read(Path directory)
    {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        List<ValidationProblem> problems = new ArrayList<>();
        Map<String, JobDescriptor> jobs = new LinkedHashMap<>();
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        try {
            JsonSchema jobSchema = factory.getSchema(Files.readString(directory.resolve("schema/job.schema.json")));
            JsonSchema pipelineSchema = factory.getSchema(Files.readString(directory.resolve("schema/pipeline.schema.json")));
            for (Path file : yamlFiles(directory.resolve("jobs"))) {
                String name = directory.getFileName() + "/" + directory.relativize(file);
                JsonNode node = parse(yaml, file, name, problems);
                if (node == null || !validate(jobSchema, node, name, problems)) {
                    continue;
                }
                JobDescriptor job = job(node, name);
                if (!file.getFileName().toString().equals(job.job() + ".yaml")) {
                    problems.add(new ValidationProblem(name, "job", format("job %s must be in a file named %s.yaml", job.job(), job.job())));
                }
                jobs.put(job.job(), job);
            }
            for (Path file : yamlFiles(directory.resolve("pipelines"))) {
                String name = directory.getFileName() + "/" + directory.relativize(file);
                JsonNode node = parse(yaml, file, name, problems);
                if (node == null || !validate(pipelineSchema, node, name, problems)) {
                    continue;
                }
                String pipelineName = node.fieldNames().next();
                JsonNode body = node.get(pipelineName);
                List<String> tasks = new ArrayList<>();
                body.path("tasks").forEach(task -> tasks.add(task.asText()));
                pipelines.put(pipelineName, new Pipeline(pipelineName, body.path("description").asText(""), body.path("schedule").asText(), tasks,
                        body.path("one_session").asBoolean(false), name));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the orchestration directory " + directory, e);
        }
        for (JobDescriptor job : jobs.values()) {
            for (int index = 0; index < job.dependsOn().size(); index++) {
                if (!jobs.containsKey(job.dependsOn().get(index))) {
                    problems.add(new ValidationProblem(job.sourceFile(), format("depends_on[%s]", index), format("unknown job %s", job.dependsOn().get(index))));
                }
            }
        }
        findCycle(jobs).ifPresent(cycle -> problems.add(new ValidationProblem(jobs.get(cycle.get(0)).sourceFile(), "depends_on",
                "dependency cycle: " + String.join(" -> ", cycle))));
        for (Pipeline pipeline : pipelines.values()) {
            for (int index = 0; index < pipeline.tasks().size(); index++) {
                String task = pipeline.tasks().get(index);
                if (!jobs.containsKey(task)) {
                    problems.add(new ValidationProblem(pipeline.sourceFile(), format("%s.tasks[%s]", pipeline.name(), index), format("unknown job %s", task)));
                }
            }
            if (pipeline.oneSession()) {
                // one session is one spark-submit of one main class (pdlake run), which runs each job's arguments
                Set<String> mainClasses = new TreeSet<>(pipeline.tasks().stream().filter(jobs::containsKey).map(task -> jobs.get(task).mainClass()).toList());
                if (mainClasses.size() > 1) {
                    problems.add(new ValidationProblem(pipeline.sourceFile(), pipeline.name() + ".one_session",
                            format("the jobs of one session must share a main class, not %s", String.join(", ", mainClasses))));
                }
            }
        }
        return new Orchestration(jobs, pipelines, problems);
    }

    /** The pipeline's jobs in an order that respects every dependency among them. */
    public List<JobDescriptor> order(Pipeline pipeline)
    {
        Set<String> included = new HashSet<>(pipeline.tasks());
        List<JobDescriptor> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (ordered.size() < included.size()) {
            boolean progressed = false;
            for (String task : pipeline.tasks()) {
                JobDescriptor job = jobs.get(task);
                if (job == null || done.contains(task)) {
                    continue;
                }
                if (job.dependsOn().stream().filter(included::contains).allMatch(done::contains)) {
                    ordered.add(job);
                    done.add(task);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("Cannot order pipeline " + pipeline.name() + ": unknown jobs or a dependency cycle");
            }
        }
        return ordered;
    }

    private static java.util.Optional<List<String>> findCycle(Map<String, JobDescriptor> jobs)
    {
        Map<String, Integer> state = new HashMap<>();
        for (String start : jobs.keySet()) {
            List<String> path = new ArrayList<>();
            java.util.Optional<List<String>> cycle = visit(start, jobs, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<List<String>> visit(String job, Map<String, JobDescriptor> jobs, Map<String, Integer> state, List<String> path)
    {
        int current = state.getOrDefault(job, 0);
        if (current == 2 || !jobs.containsKey(job)) {
            return java.util.Optional.empty();
        }
        path.add(job);
        if (current == 1) {
            return java.util.Optional.of(List.copyOf(path.subList(path.indexOf(job), path.size())));
        }
        state.put(job, 1);
        for (String dependency : jobs.get(job).dependsOn()) {
            java.util.Optional<List<String>> cycle = visit(dependency, jobs, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        state.put(job, 2);
        path.remove(path.size() - 1);
        return java.util.Optional.empty();
    }

    private static JobDescriptor job(JsonNode node, String file)
    {
        Map<String, Integer> defaultArgs = new LinkedHashMap<>();
        node.path("default_args").fields().forEachRemaining(field -> defaultArgs.put(field.getKey(), field.getValue().asInt()));
        Map<String, Object> resources = new LinkedHashMap<>();
        node.path("resources").fields().forEachRemaining(field -> resources.put(field.getKey(), field.getValue().isNumber() ? field.getValue().asInt() : field.getValue().asText()));
        return new JobDescriptor(node.path("job").asText(), node.path("description").asText(""), node.path("main_class").asText(), strings(node.path("arguments")),
                strings(node.path("inputs")), strings(node.path("outputs")), strings(node.path("depends_on")), defaultArgs, resources, file);
    }

    private static List<String> strings(JsonNode array)
    {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static boolean validate(JsonSchema schema, JsonNode node, String file, List<ValidationProblem> problems)
    {
        Set<ValidationMessage> messages = schema.validate(node);
        for (ValidationMessage message : messages) {
            String location = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
            problems.add(new ValidationProblem(file, location, message.getMessage().replaceFirst("^\\$[^:]*: ", "")));
        }
        return messages.isEmpty();
    }

    private static JsonNode parse(ObjectMapper yaml, Path file, String name, List<ValidationProblem> problems)
    {
        try {
            JsonNode node = yaml.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                problems.add(new ValidationProblem(name, "", "file is empty"));
                return null;
            }
            return node;
        }
        catch (IOException e) {
            problems.add(new ValidationProblem(name, "", "cannot parse YAML: " + e.getMessage().lines().findFirst().orElse("")));
            return null;
        }
    }

    private static List<Path> yamlFiles(Path directory)
            throws IOException
    {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
