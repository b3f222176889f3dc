package io.pdlake.catalog;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A data provider: a government department, a vertically managed system or a public-service enterprise; a county branch names its city department as parent. */
public record Department(String code, String name, String nameEn, String region, DepartmentKind kind, Optional<String> parent)
{
    public Department
    {
        requireNonNull(code, "code is null");
        requireNonNull(name, "name is null");
        requireNonNull(nameEn, "nameEn is null");
        requireNonNull(region, "region is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(parent, "parent is null");
    }
}
