package io.pdlake.catalog;

import static java.util.Objects.requireNonNull;

/** A data provider: a government department, a vertically managed system or a public-service enterprise. */
public record Department(String code, String name, String nameEn, String region, DepartmentKind kind)
{
    public Department
    {
        requireNonNull(code, "code is null");
        requireNonNull(name, "name is null");
        requireNonNull(nameEn, "nameEn is null");
        requireNonNull(region, "region is null");
        requireNonNull(kind, "kind is null");
    }
}
