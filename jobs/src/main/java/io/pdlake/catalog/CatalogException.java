package io.pdlake.catalog;

import java.util.List;

import static java.lang.String.format;

/** The catalog has problems; the message lists every one. */
public class CatalogException
        extends RuntimeException
{
    private final List<ValidationProblem> problems;

    public CatalogException(List<ValidationProblem> problems)
    {
        super(format("Catalog has %s problem(s):%n  %s", problems.size(),
                String.join(format("%n  "), problems.stream().map(ValidationProblem::toString).toList())));
        this.problems = List.copyOf(problems);
    }

    public List<ValidationProblem> problems()
    {
        return problems;
    }
}
