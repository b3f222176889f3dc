package io.pdlake.lake;

/** A warehouse, landing or export location outside {@value LakeConfig#STORAGE_ALLOWED} (Art. 8). */
public final class StorageNotApprovedException
        extends RuntimeException
{
    public StorageNotApprovedException(String message)
    {
        super(message);
    }
}
