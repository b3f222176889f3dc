package io.pdlake.cli;

/** A failure the user can act on; its message is the whole story, and the status is the exit code. */
public class UserException
        extends RuntimeException
{
    private final int status;

    public UserException(String message, int status)
    {
        super(message);
        this.status = status;
    }

    public int status()
    {
        return status;
    }
}
