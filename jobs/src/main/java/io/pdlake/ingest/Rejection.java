package io.pdlake.ingest;

import io.pdlake.quality.ReasonCode;

import java.io.Serializable;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Why one row was rejected: the reason code, the field (when one field is to blame) and a message for the provider. */
public record Rejection(ReasonCode reason, Optional<String> field, String message)
        implements Serializable
{
    public Rejection
    {
        requireNonNull(reason, "reason is null");
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
    }
}
